"""{% withheld "4" %}…{% endwithheld %}: a part of a document that a public edition may
withhold (ror_portal.withholding). Where the context's ``withheld`` names the part, the
part is not rendered at all and the line with its legal basis stands in its place."""

from django import template

from ror_portal.withholding import NOTHING, withheld_line

register = template.Library()


class WithheldNode(template.Node):
    def __init__(self, key: template.base.FilterExpression, nodelist: template.NodeList):
        self.key = key
        self.nodelist = nodelist

    def render(self, context) -> str:
        withheld = context.get("withheld") or NOTHING
        basis = withheld.basis(str(self.key.resolve(context)))
        if basis is not None:
            return withheld_line(basis)
        return self.nodelist.render(context)


@register.tag
def withheld(parser, token) -> WithheldNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("withheld takes one argument: the part's key")
    nodelist = parser.parse(("endwithheld",))
    parser.delete_first_token()
    return WithheldNode(parser.compile_filter(bits[1]), nodelist)
