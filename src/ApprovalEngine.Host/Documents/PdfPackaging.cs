using System.IO.Compression;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;

namespace ApprovalEngine.Host.Documents;

/// <summary>
/// The last step of every document PDF (font subsetting, the sealed payload as an attachment), and reading that
/// attachment back out of a PDF someone uploads.
/// </summary>
public static class PdfPackaging
{
    /// <summary>Name of the attachment carrying the sealed canonical payload and its signature.</summary>
    public const string PayloadFileName = "sealed-document.json";

    /// <summary>
    /// Replaces the layout font PDFsharp embedded (it writes CFF-flavoured OpenType as a TrueType FontFile2) with
    /// the subset of <paramref name="outlines"/> the pages use, declared properly as CIDFontType0C; attaches the payload.
    /// </summary>
    public static byte[] Finish(byte[] pdf, byte[] payload, CffFont outlines)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Modify);
        foreach (var font in document.Internals.GetAllObjects().OfType<PdfDictionary>().ToList())
        {
            if (font.Elements.GetName("/Type") != "/Font" || font.Elements.GetName("/Subtype") != "/CIDFontType2") continue;
            var descriptor = font.Elements.GetDictionary("/FontDescriptor");
            if (descriptor?.Elements["/FontFile2"] is not PdfReference fileReference || fileReference.Value is not PdfDictionary file || file.Stream is null) continue;
            var program = file.Stream.UnfilteredValue;
            if (program.Length < 4 || program[0] != 'O' || program[1] != 'T' || program[2] != 'T' || program[3] != 'O') continue;

            var subset = outlines.Subset(UsedGlyphs(font.Elements.GetArray("/W")));
            file.Elements.Clear();
            file.Stream.Value = Deflate(subset);
            file.Elements["/Filter"] = new PdfName("/FlateDecode");
            file.Elements["/Subtype"] = new PdfName("/CIDFontType0C");
            file.Elements.SetInteger("/Length", file.Stream.Length);
            descriptor.Elements.Remove("/FontFile2");
            descriptor.Elements["/FontFile3"] = fileReference;
            font.Elements["/Subtype"] = new PdfName("/CIDFontType0");
            font.Elements.Remove("/CIDToGIDMap");
        }
        document.AddEmbeddedFile(PayloadFileName, new MemoryStream(payload));
        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    /// <summary>The page text and the sealed payload attachment (null when there is none) of an uploaded PDF.</summary>
    /// <exception cref="InvalidDataException">Not a PDF that can be read.</exception>
    public static PdfContents Read(byte[] pdf)
    {
        try
        {
            using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
            var text = string.Concat(document.GetPages().Take(20).Select(p => p.Text));
            byte[]? payload = null;
            if (document.Advanced.TryGetEmbeddedFiles(out var files))
                payload = files.FirstOrDefault(f => f.Name == PayloadFileName)?.Bytes.ToArray();
            return new PdfContents(payload, text);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever the parser trips over in an uploaded file is the file's fault, not the host's.
            throw new InvalidDataException($"This is not a readable PDF: {e.Message}", e);
        }
    }

    /// <summary>Glyph ids from a CIDFont /W array: <c>first [w1 w2 ...]</c> and <c>first last w</c> entries.</summary>
    private static List<int> UsedGlyphs(PdfArray? widths)
    {
        var glyphs = new List<int>();
        if (widths is null) return glyphs;
        var items = widths.Elements;
        for (var i = 0; i < items.Count;)
        {
            var first = ((PdfInteger)items[i]).Value;
            if (items[i + 1] is PdfArray run)
            {
                glyphs.AddRange(Enumerable.Range(first, run.Elements.Count));
                i += 2;
            }
            else
            {
                glyphs.AddRange(Enumerable.Range(first, ((PdfInteger)items[i + 1]).Value - first + 1));
                i += 3;
            }
        }
        return glyphs;
    }

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal)) z.Write(data);
        return output.ToArray();
    }
}

/// <summary>What a verifier needs from a PDF: the text printed on it and the attached sealed payload.</summary>
public sealed record PdfContents(byte[]? Payload, string Text);
