"""Long lists come a page at a time: a veileder with every programme in the country, the
register of 357 kommuner, the outbox. The other filters stay in the page links."""

from django.core.paginator import Page, Paginator

PER_PAGE = 25
PARAM = "side"


def paginate(request, items, per_page: int | None = None) -> Page:
    page = Paginator(items, per_page or PER_PAGE).get_page(request.GET.get(PARAM))
    others = request.GET.copy()
    others.pop(PARAM, None)
    page.query_prefix = f"{others.urlencode()}&" if others else ""
    return page
