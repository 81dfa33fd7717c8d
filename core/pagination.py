"""Long lists come a page at a time: a veileder with every programme in the country, the
register of 357 kommuner, the outbox. The other filters stay in the page links."""

from django.core.paginator import Page, Paginator

from core.parse import parse_int

PER_PAGE = 25
PARAM = "side"
MAX_PAGE = 1_000_000  # far past any list's end; a page past the end shows the last one


def paginate(request, items, per_page: int | None = None) -> Page:
    number = parse_int(request.GET.get(PARAM), lo=1, hi=MAX_PAGE, default=1)
    page = Paginator(items, per_page or PER_PAGE).get_page(number)
    others = request.GET.copy()
    others.pop(PARAM, None)
    page.query_prefix = f"{others.urlencode()}&" if others else ""
    return page
