"""The one way a report's file leaves the archive: `/reports/<id>/<slug>.<ext>`, visibility checked."""
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from .models import Report


@require_safe
def report_download(request, pk: int, slug: str, ext: str):
    """The file of a report `request.user` may see; a 404 for anything else, never a 403 that would
    confirm a restricted report exists."""
    try:
        report = Report.objects.visible_to(request.user).select_related("item").get(pk=pk)
    except Report.DoesNotExist:
        raise Http404("No such report") from None
    if slug != report.slug or ext != report.extension:
        return redirect(report.get_absolute_url(), permanent=False)
    try:
        stream = report.file.open("rb")
    except OSError:
        raise Http404("No such report") from None
    inline = report.content_type == "application/pdf"  # read in the browser; Office files are saved
    response = FileResponse(stream, as_attachment=not inline, filename=f"{report.slug}.{report.extension}",
                            content_type=report.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Never in a shared cache; a restricted one not even in the browser's.
    response["Cache-Control"] = "private, no-store" if report.withheld else "private, max-age=3600"
    response["X-Robots-Tag"] = "noindex" if report.withheld else "all"
    return response
