"""Staff accounts: sessions and tokens, permissions, the login pages, the accounts admin."""
