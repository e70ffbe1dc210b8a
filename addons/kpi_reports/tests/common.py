import html
import re
import subprocess
import tempfile


def pdf_to_text(pdf_bytes):
    """The text of a PDF as poppler's pdftotext reads it (layout kept)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf_file:
        pdf_file.write(pdf_bytes)
        pdf_file.flush()
        return subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", pdf_file.name, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def activate_vietnamese(env, *modules):
    """Installs vi_VN with our translations, as an agency's database has it."""
    env["res.lang"]._activate_lang("vi_VN")
    env["ir.module.module"].search([("name", "in", modules)])._update_translations(["vi_VN"])


def pdf_words(pdf_bytes, page=1):
    """The words of a page of a PDF with their boxes, as poppler's pdftotext
    -bbox reads them: [(word, x_min, y_min, x_max, y_max)] in points from the
    top left corner."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf_file:
        pdf_file.write(pdf_bytes)
        pdf_file.flush()
        page_html = subprocess.run(
            ["pdftotext", "-bbox", "-enc", "UTF-8", "-f", str(page), "-l", str(page), pdf_file.name, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return [
        (html.unescape(text), *map(float, box))
        for *box, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page_html
        )
    ]


def phrase_box(words, phrase):
    """The box (x_min, y_min, x_max, y_max) around the first run of words that
    reads `phrase`; an AssertionError when the page has no such run."""
    wanted = phrase.split()
    texts = [word[0] for word in words]
    for start in range(len(words) - len(wanted) + 1):
        if texts[start : start + len(wanted)] == wanted:
            run = words[start : start + len(wanted)]
            return (
                min(word[1] for word in run),
                min(word[2] for word in run),
                max(word[3] for word in run),
                max(word[4] for word in run),
            )
    raise AssertionError(f"{phrase!r} is not on the page: {' '.join(texts)}")
