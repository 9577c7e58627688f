"""Digital signatures: the PDF's signature fields and the marks shown on the page."""

from __future__ import annotations

from pathlib import Path

from congvan.ocr.esign import caption_signatures, pdf_signatures


def test_a_caption_gives_the_signer_and_the_time_with_its_offset() -> None:
    text = "Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi\nThời gian ký: 13.05.2025 14:46:07 +07:00\nỦY BAN NHÂN DÂN"
    (sig,) = caption_signatures(text)
    assert (sig.signer, sig.time, sig.kind) == ("Ủy ban nhân dân tỉnh Quảng Ngãi", "2025-05-13T14:46:07+07:00",
                                                 "caption")


def test_an_e_signature_mark_names_its_signer_above_the_e_mail() -> None:
    text = "TRUNG TÂM CÔNG BÁO\nVÀ TIN HỌC\nttcbth@quangngai.gov.vn\n09.01.2025 10:21:11 +07:00\nCỘNG HÒA XÃ HỘI"
    (sig,) = caption_signatures(text)
    assert sig.signer == "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC" and sig.time == "2025-01-09T10:21:11+07:00"


def test_a_date_and_hour_in_the_body_is_no_signature() -> None:
    assert caption_signatures("Thời gian họp: 08:00 ngày 15.01.2025 tại Hội trường\n15.01.2025 08:00") == ()


def test_a_file_with_no_signature_fields_or_no_pdf_has_none(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.output(str(tmp_path / "plain.pdf"))
    assert pdf_signatures(tmp_path / "plain.pdf") == ()
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    assert pdf_signatures(tmp_path / "broken.pdf") == ()


def _signed(path: Path, fields: list[dict[str, str]]) -> None:
    """A one-page PDF with signature fields whose values hold ``fields``' entries."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    refs = ArrayObject()
    for k, values in enumerate(fields):
        value = DictionaryObject({NameObject("/Type"): NameObject("/Sig")})
        for key, text in values.items():
            value[NameObject(key)] = TextStringObject(text)
        field = DictionaryObject({NameObject("/FT"): NameObject("/Sig"), NameObject("/T"): TextStringObject(f"S{k}"),
                                  NameObject("/V"): writer._add_object(value)})
        refs.append(writer._add_object(field))
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): refs})
    writer.write(str(path))


def test_the_pdf_s_signature_fields_name_the_signers_and_a_form_stamp_is_left_out(tmp_path: Path) -> None:
    _signed(tmp_path / "signed.pdf", [
        {"/Name": "Nguyễn Văn A", "/M": "D:20250108173049+07'00'"},
        {"/M": "D:20250109100916+07'00'"},                                      # the number's stamp: no signer
        {"/Reason": "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC<ttcb@x.gov.vn> đã ký lên văn bản này!",
         "/M": "D:20250109102111+07'00'"}])
    signatures = pdf_signatures(tmp_path / "signed.pdf")
    assert [(s.signer, s.time) for s in signatures] == [
        ("Nguyễn Văn A", "2025-01-08T17:30:49+07:00"), ("TRUNG TÂM CÔNG BÁO VÀ TIN HỌC", "2025-01-09T10:21:11+07:00")]
    assert signatures[0].to_dict() == {"signer": "Nguyễn Văn A", "time": "2025-01-08T17:30:49+07:00",
                                       "kind": "pdf-signature"}
