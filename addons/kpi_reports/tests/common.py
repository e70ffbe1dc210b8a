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
