"""Flask extensions, created once and bound to an app in `create_app`."""
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFProtect

from models import db

socketio = SocketIO()
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()

__all__ = ["db", "socketio", "migrate", "csrf", "login_manager"]
