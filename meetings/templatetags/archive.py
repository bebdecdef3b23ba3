"""Template helpers for the public pages: GOV.UK form fields, navigation, pagination, charts."""
from django import forms, template
from django.urls import reverse
from django.utils.html import conditional_escape

register = template.Library()

NAVIGATION = [
    ("Meetings", "meeting_list", {"meeting_list", "meeting_year", "meeting_detail", "item_detail"}),
    ("Resolutions", "resolution_list", {"resolution_list"}),
    ("People", "person_list", {"person_list", "person_detail"}),
    ("Organisations", "organisation_list", {"organisation_list", "organisation_detail"}),
    ("Search", "search", {"search"}),
]

HIDDEN_FILTERS = {"meeting", "body"}
_INPUT_WIDTHS = {"year": "govuk-input--width-4", "q": "", "date_from": "", "date_to": ""}


@register.inclusion_tag("includes/service_navigation.html", takes_context=True)
def service_navigation(context):
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else None
    return {
        "links": [
            {"text": text, "href": reverse(name), "current": current == name, "active": current in names}
            for text, name, names in NAVIGATION
        ],
    }


@register.inclusion_tag("includes/filters.html", takes_context=True)
def filter_form(context, filterset, *, noun: str, action: str, filtered: bool = False):
    """A FilterSet's form as a GOV.UK filter panel.

    The `meeting` and `body` filters are not offered as drop-downs (a list of every meeting is no way
    to choose one); when a link sets them (`?meeting=2020-01-28`) they ride along as hidden fields.
    """
    form = filterset.form
    shown, hidden = [], []
    for field in form:
        if field.name in HIDDEN_FILTERS:
            if field.value():
                hidden.append(field)
        else:
            shown.append(field)
    return {"form": form, "fields": shown, "hidden": hidden, "noun": noun, "action": action,
            "filtered": filtered, "request": context.get("request")}


@register.inclusion_tag("includes/field.html")
def govuk_field(field, width: str = ""):
    """A bound form field as a GOV.UK form group: label, hint, error message and styled control."""
    widget = field.field.widget
    error_class = " govuk-input--error" if field.errors else ""
    if isinstance(widget, forms.Select):
        css = "govuk-select govuk-!-width-full" + (" govuk-select--error" if field.errors else "")
    else:
        css = f"govuk-input {width or _INPUT_WIDTHS.get(field.name, '')}".strip() + error_class
    attrs = {"class": css}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.name == "q":
        attrs["spellcheck"] = "false"
    if getattr(field.field, "empty_label", None) == "---------":
        # The form's own copy of the field: "Any person" reads better than a row of dashes.
        field.field.empty_label = f"Any {field.label.lower()}"
    return {"field": field, "control": field.as_widget(attrs=attrs)}


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page, label: str = "Pagination"):
    """GOV.UK pagination for a Django page, keeping the other query-string parameters."""
    links = []
    if page.paginator.num_pages > 1:
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
            links.append({"number": number, "ellipsis": number == page.paginator.ELLIPSIS,
                          "current": number == page.number})
    return {"page": page, "links": links, "request": context.get("request"), "label": label}


@register.filter
def plural(n, words: str = "s") -> str:
    """`{{ n|plural:"item,items" }}` gives "1 item" / "3 items"."""
    one, _, many = words.partition(",")
    return f"{n} {one if n == 1 else many}"


@register.filter
def item_at(sequence, index: int):
    """`{{ labels|item_at:forloop.counter0 }}`: the element at `index` (a stacked table cell's label)."""
    try:
        return sequence[index]
    except (IndexError, TypeError):
        return ""


@register.filter
def clock(value) -> str:
    """A time the GOV.UK way: "9:30am", "2pm", "midday", "midnight"."""
    if value is None:
        return ""
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    hour, suffix = value.hour % 12 or 12, "am" if value.hour < 12 else "pm"
    return f"{hour}:{value.minute:02d}{suffix}" if value.minute else f"{hour}{suffix}"


@register.simple_tag
def bar_chart(years, max_value: int, *, width: int = 400, bar_height: int = 28) -> dict:
    """Geometry of a horizontal bar chart of (year, roles, attended) rows, for inline SVG.

    Narrow enough (400 units) that its 18-unit labels stay readable when a phone scales it down.
    """
    label_width, gap, right = 56, 8, 40
    scale = (width - label_width - right) / max(max_value, 1)
    bars = []
    for index, (year, _roles, attended) in enumerate(years):
        y = gap + index * (bar_height + gap)
        bars.append({
            "year": year, "value": attended, "y": y, "text_y": y + bar_height * 0.7,
            "width": round(attended * scale, 1), "value_x": label_width + round(attended * scale, 1) + 6,
        })
    return {
        "bars": bars, "width": width, "bar_height": bar_height, "label_width": label_width,
        "height": gap + len(bars) * (bar_height + gap),
    }


class ScrollRegionNode(template.Node):
    def __init__(self, nodelist, label_parts):
        self.nodelist, self.label_parts = nodelist, label_parts

    def render(self, context):
        label = conditional_escape(" ".join(str(part.resolve(context)) for part in self.label_parts))
        return (f'<div class="ssp-scroll" role="region" aria-label="{label}" tabindex="0">'
                f"{self.nodelist.render(context)}</div>")


@register.tag
def scroll_region(parser, token):
    """`{% scroll_region "Meetings in" year %}<table>…</table>{% endscroll_region %}`: a table that
    scrolls sideways inside the page on a narrow screen (WCAG 1.4.10), focusable for keyboard users.
    The arguments, joined by spaces, name the region."""
    parts = token.split_contents()[1:]
    if not parts:
        raise template.TemplateSyntaxError("scroll_region needs the region's label")
    nodelist = parser.parse(("endscroll_region",))
    parser.delete_first_token()
    return ScrollRegionNode(nodelist, [parser.compile_filter(part) for part in parts])
