"""``{% pagination page %}``: previous and next links for a Django ``Page``.

The links keep the rest of the query string (a queue's filter and sort, another list's page),
so paging one list never resets the others on the same page. Every pagination is labelled
"Pagination"; a page with more than one names each (``of="LTFT applications"``), because
landmarks with the same name cannot be told apart by a screen reader user.
"""

from django.http import QueryDict


def page_url(query: QueryDict, param: str, number: int, anchor: str = "") -> str:
    query = query.copy()
    query[param] = str(number)
    return f"?{query.urlencode()}" + (f"#{anchor}" if anchor else "")


def pagination_context(context, page, param="page", anchor="", of=""):
    request = context.get("request")
    query = request.GET if request is not None else QueryDict()
    show = page is not None and page.has_other_pages()
    return {
        "page": page,
        "label": f"Pagination: {of}" if of else "Pagination",
        "previous_url": page_url(query, param, page.previous_page_number(), anchor)
        if show and page.has_previous()
        else "",
        "next_url": page_url(query, param, page.next_page_number(), anchor)
        if show and page.has_next()
        else "",
    }
