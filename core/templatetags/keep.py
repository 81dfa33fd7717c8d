"""``{% keepframe "name" %}…{% endkeepframe %}``: a part of the page frame rendered once per
process for each language, login state and navigation, with this request's CSRF token and
path put in (core.keep). Inside, the path is ``keep_path``; the CSRF tag works as usual.

``{% keepstatic "name" key %}…{% endkeepstatic %}``: a text that depends on nothing but the
language and `key` (the accessibility and privacy statements: the settings they show), once
per language and key."""

from django import template
from django.utils.translation import get_language

from core.keep import CSRF_MARK, PATH_MARK, fill, frame

register = template.Library()


class KeepFrameNode(template.Node):
    def __init__(self, name: str, nodelist, static: bool = False, vary=()):
        self.name, self.nodelist, self.static, self.vary = name, nodelist, static, vary

    def render(self, context):
        request = context.get("request")
        if request is None:  # an error page rendered without a request: nothing to key by
            return self.nodelist.render(context)
        if self.static:
            vary = tuple(v.resolve(context) for v in self.vary)
            return self._kept(context, request, (self.name, get_language(), *vary))
        user = context.get("user")
        signed_in = bool(getattr(user, "is_authenticated", False))
        persona = context.get("persona")
        nav = str(context.get("nav_html", "")) if signed_in and getattr(persona, "has_nav", False) else ""
        return self._kept(context, request, (self.name, get_language(), signed_in, nav))

    def _kept(self, context, request, key) -> str:
        def render() -> str:
            with context.push(csrf_token=CSRF_MARK, keep_path=PATH_MARK):
                return self.nodelist.render(context)

        return fill(frame.get(key, render), request, context.get("csrf_token", ""))


def _parse(parser, token, static: bool):
    bits = token.split_contents()
    if len(bits) < 2 or (len(bits) > 2 and not static):
        raise template.TemplateSyntaxError(f"{bits[0]} takes a name (keepstatic also what it varies by)")
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    vary = tuple(parser.compile_filter(bit) for bit in bits[2:])
    return KeepFrameNode(bits[1].strip("\"'"), nodelist, static, vary)


@register.tag
def keepframe(parser, token):
    return _parse(parser, token, static=False)


@register.tag
def keepstatic(parser, token):
    return _parse(parser, token, static=True)
