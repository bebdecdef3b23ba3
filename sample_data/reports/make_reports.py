"""Make the sample reports (small PDFs) that `make samples` attaches to the sample minutes.

Run it again only to change them: `.venv/bin/python sample_data/reports/make_reports.py`. The output is
committed, so a fresh checkout needs no reportlab at run time. The figures are invented for the demo.
"""
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent

REPORTS = {
    "recorded-crime-2024-03.pdf": ("Recorded Crime & Disorder Report, March 2024", [
        ["Recorded crime across the Borough, 12 months to February 2024.",
         "Total recorded crime fell by 6 per cent against the previous year.",
         "Residential burglary fell by 14 per cent; shoplifting rose by 9 per cent."],
        ["Anti-social behaviour incidents fell by 11 per cent.",
         "Criminal damage fell in Norton, Billingham and Thornaby.",
         "Members are asked to note the report."],
    ]),
    "prevent-strategy-2024-03.pdf": ("Prevent Strategy Update", [
        ["Prevent referrals in Stockton-on-Tees, 2023/24.",
         "Training was delivered to 420 front-line staff in schools and colleges.",
         "Channel panel met monthly; no case waited longer than the national standard."],
    ]),
    "fraud-awareness-2022-03.pdf": ("Fraud Awareness Report", [
        ["Doorstep and telephone fraud against older residents.",
         "Trading Standards recorded 37 doorstep crime reports, most about roofing work.",
         "The partnership will run a scams awareness fortnight in June."],
        ["Advice: never pay in advance for work on your home; check callers with the council."],
    ]),
    "iquanta-2024-03-restricted.pdf": ("iQuanta Report (restricted)", [
        ["Performance comparison with the most similar community safety partnerships.",
         "Not for circulation: figures are provisional and shared under a data agreement."],
    ]),
}


def write_pdf(path: Path, title: str, pages: list[list[str]]) -> None:
    # invariant=1: the same bytes on every run (no creation date or random id), so checksums hold.
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setTitle(title)
    for number, lines in enumerate(pages, start=1):
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(72, 780, title)
        pdf.setFont("Helvetica", 11)
        y = 750
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 18
        pdf.drawString(72, 40, f"Safer Stockton Partnership - page {number}")
        pdf.showPage()
    pdf.save()


if __name__ == "__main__":
    for name, (title, pages) in REPORTS.items():
        write_pdf(HERE / name, title, pages)
        print(name)
