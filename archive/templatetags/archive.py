from django import template

from archive.models import case_url as _case_url

register = template.Library()


@register.filter
def case_url(case) -> str:
    return _case_url(case)
