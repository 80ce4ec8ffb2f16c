using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace ApprovalEngine.Host.Documents;

/// <summary>One line of a document: a labelled field ("持证人：…") or, without a label, a paragraph.</summary>
public sealed record DocumentLine(string? Label, string Text);

/// <summary>Everything printed on a document. <see cref="Payload"/> is attached unchanged (the sealed content and its signature).</summary>
public sealed record PrintableDocument(
    string Title,
    string Number,
    string? Addressee,
    IReadOnlyList<DocumentLine> Lines,
    string IssuingAuthority,
    DateOnly IssuedOn,
    string SealName,
    string VerificationUrl,
    byte[] Payload,
    bool IsCertificate = false);

/// <summary>Lays out an A4 document: title, number, body, issuing authority with the red seal, and the QR code of the verification link.</summary>
public static class DocumentRenderer
{
    private const double Margin = 72, PageWidth = 595.28, PageHeight = 841.89;
    private static readonly XColor SealRed = XColor.FromArgb(230, 215, 25, 32);
    private static readonly object FontSetup = new();

    /// <summary>Installs the CJK resolver once per process (PDFsharp's font settings are global).</summary>
    public static void UseFonts(DocumentOptions options)
    {
        lock (FontSetup)
            if (PdfSharp.Fonts.GlobalFontSettings.FontResolver is not CjkFontResolver)
                PdfSharp.Fonts.GlobalFontSettings.FontResolver = new CjkFontResolver(options);
    }

    public static byte[] Render(PrintableDocument doc)
    {
        using var pdf = new PdfDocument();
        pdf.Info.Title = $"{doc.Title} {doc.Number}";
        pdf.Info.Creator = "ApprovalEngine";
        pdf.Info.Subject = doc.VerificationUrl;
        // The intermediate file is reopened at once; compressing the whole font here would only cost time.
        pdf.Options.NoCompression = true;
        var page = pdf.AddPage();
        page.Size = PageSize.A4;
        using (var g = XGraphics.FromPdfPage(page))
        {
            var y = doc.IsCertificate ? Certificate(g, doc) : Letter(g, doc);
            Footer(g, doc, y);
        }
        using var intermediate = new MemoryStream();
        pdf.Save(intermediate);
        return PdfPackaging.Finish(intermediate.ToArray(), doc.Payload, ((CjkFontResolver)PdfSharp.Fonts.GlobalFontSettings.FontResolver!).Outlines);
    }

    private static XFont Font(double size) => new(CjkFontResolver.Family, size, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));

    private static double Letter(XGraphics g, PrintableDocument doc)
    {
        var y = Margin + 10;
        Centered(g, doc.Title, Font(22), ref y);
        y += 6;
        var small = Font(11);
        g.DrawString(doc.Number, small, XBrushes.Black, new XRect(Margin, y, PageWidth - 2 * Margin, 14), XStringFormats.TopRight);
        y += 30;
        var body = Font(12.5);
        if (doc.Addressee is not null) Paragraph(g, doc.Addressee + "：", body, Margin, ref y, indent: false);
        foreach (var line in doc.Lines)
        {
            if (line.Label is null) Paragraph(g, line.Text, body, Margin, ref y, indent: true);
            else Field(g, line, body, ref y);
        }
        return y;
    }

    private static double Certificate(XGraphics g, PrintableDocument doc)
    {
        var frame = new XPen(SealRed, 2.5);
        g.DrawRectangle(frame, 36, 36, PageWidth - 72, PageHeight - 72);
        g.DrawRectangle(new XPen(SealRed, 0.8), 42, 42, PageWidth - 84, PageHeight - 84);
        var y = Margin + 20;
        Centered(g, "中华人民共和国", Font(16), ref y);
        y += 8;
        Centered(g, doc.Title, Font(28), ref y);
        y += 8;
        g.DrawString("编号：" + doc.Number, Font(11), XBrushes.Black, new XRect(Margin, y, PageWidth - 2 * Margin, 14), XStringFormats.TopCenter);
        y += 44;
        var body = Font(13);
        foreach (var line in doc.Lines)
        {
            if (line.Label is null) Paragraph(g, line.Text, body, Margin, ref y, indent: true);
            else Field(g, line, body, ref y);
            y += 6;
        }
        return y;
    }

    /// <summary>Issuing authority and date at the right with the seal over them; the QR code and link at the left.</summary>
    private static void Footer(XGraphics g, PrintableDocument doc, double contentBottom)
    {
        var font = Font(12.5);
        var signY = Math.Max(contentBottom + 40, PageHeight - 300);
        var date = doc.IssuedOn.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
        var right = new XRect(PageWidth / 2, signY, PageWidth / 2 - Margin - 10, 18);
        g.DrawString(doc.IssuingAuthority, font, XBrushes.Black, right, XStringFormats.TopRight);
        right.Offset(0, 24);
        g.DrawString(date, font, XBrushes.Black, right, XStringFormats.TopRight);
        var authorityWidth = g.MeasureString(doc.IssuingAuthority, font).Width;
        SealStamp.Draw(g, doc.SealName, PageWidth - Margin - 10 - Math.Min(authorityWidth, 200) / 2, signY + 16, 60);

        var qrSize = 96.0;
        var qrY = PageHeight - Margin - qrSize - 20;
        DrawQr(g, doc.VerificationUrl, Margin, qrY, qrSize);
        var note = Font(8.5);
        g.DrawString("扫码或访问下列网址验证本文书的电子印章与效力：", note, XBrushes.Black, Margin + qrSize + 10, qrY + 36);
        g.DrawString(doc.VerificationUrl, note, XBrushes.Black, Margin + qrSize + 10, qrY + 50);
        g.DrawString("本文书内嵌经电子印章签名的数据文件，可上传本 PDF 核验。", note, XBrushes.Black, Margin + qrSize + 10, qrY + 64);
    }

    /// <summary>
    /// The QR code as vector squares (crisp at any zoom and in print), with its quiet zone. Level Q (25 % recoverable)
    /// because paper gets creased and stamped; measured, ZXing's detector also missed 8 of 1,000 certificates at level M
    /// and none at Q (DocumentQrTests keeps three of those numbers).
    /// </summary>
    private static void DrawQr(XGraphics g, string url, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.Q);
        var modules = data.ModuleMatrix;
        var cell = size / modules.Count;
        g.DrawRectangle(XBrushes.White, x, y, size, size);
        for (var row = 0; row < modules.Count; row++)
            for (var col = 0; col < modules[row].Count; col++)
                if (modules[row][col])
                    g.DrawRectangle(XBrushes.Black, x + col * cell, y + row * cell, cell + 0.05, cell + 0.05);
    }

    private static void Centered(XGraphics g, string text, XFont font, ref double y)
    {
        g.DrawString(text, font, XBrushes.Black, new XRect(0, y, PageWidth, font.Size * 1.4), XStringFormats.TopCenter);
        y += font.Size * 1.5;
    }

    private static void Field(XGraphics g, DocumentLine line, XFont font, ref double y)
    {
        const double labelWidth = 118;
        g.DrawString(line.Label + "：", font, XBrushes.Black, Margin, y + font.Size);
        var lines = Wrap(g, line.Text, font, PageWidth - 2 * Margin - labelWidth);
        foreach (var text in lines)
        {
            g.DrawString(text, font, XBrushes.Black, Margin + labelWidth, y + font.Size);
            y += font.Size * 1.75;
        }
        if (lines.Count == 0) y += font.Size * 1.75;
    }

    private static void Paragraph(XGraphics g, string text, XFont font, double x, ref double y, bool indent)
    {
        foreach (var (part, i) in text.Split('\n').Select((p, i) => (p, i)))
        {
            var lines = Wrap(g, (indent ? "　　" : "") + part, font, PageWidth - x - Margin);
            foreach (var line in lines)
            {
                g.DrawString(line, font, XBrushes.Black, x, y + font.Size);
                y += font.Size * 1.75;
            }
        }
        y += 2;
    }

    /// <summary>Breaks at any character (Chinese has no spaces), keeping Latin words together where they fit.</summary>
    private static List<string> Wrap(XGraphics g, string text, XFont font, double width)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var ch in text)
        {
            var candidate = current + ch;
            if (current.Length > 0 && g.MeasureString(candidate, font).Width > width)
            {
                lines.Add(current);
                current = ch == ' ' ? "" : ch.ToString();
            }
            else current = candidate;
        }
        if (current.Length > 0) lines.Add(current);
        return lines;
    }
}
