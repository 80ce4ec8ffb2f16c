using System.IO.Compression;
using System.Xml;

namespace ApprovalEngine.Persistence.Tasks;

/// <summary>
/// Checks that an upload is what its declared type says, by its bytes: the declared Content-Type is chosen by the
/// sender and a browser may render a mislabelled file (HTML sent as PDF, XHTML with script sent as XML).
/// </summary>
public static class MaterialContent
{
    private const string Xhtml = "http://www.w3.org/1999/xhtml";
    private const string Svg = "http://www.w3.org/2000/svg";
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Null when <paramref name="content"/> is a <paramref name="contentType"/> file; else why it is not.</summary>
    public static string? Problem(string contentType, byte[] content) => contentType.ToLowerInvariant() switch
    {
        "application/pdf" => content.AsSpan().StartsWith("%PDF-"u8) ? null : "a PDF file starts with %PDF-",
        "image/jpeg" => content.AsSpan().StartsWith(Jpeg) ? null : "a JPEG image starts with FF D8 FF",
        "image/png" => content.AsSpan().StartsWith(Png) ? null : "a PNG image starts with the PNG signature",
        "application/ofd" => OfdProblem(content),
        "application/xml" or "text/xml" => XmlProblem(content),
        var other => $"files of type '{other}' have no content check",
    };

    /// <summary>OFD (GB/T 33190) is a ZIP container whose entry point is OFD.xml at the root.</summary>
    private static string? OfdProblem(byte[] content)
    {
        if (!content.AsSpan().StartsWith("PK\u0003\u0004"u8)) return "an OFD document is a ZIP container";
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            return zip.Entries.Any(e => e.FullName == "OFD.xml") ? null : "an OFD document has OFD.xml at the root of its container";
        }
        catch (InvalidDataException) { return "the OFD container is not a readable ZIP archive"; }
    }

    /// <summary>
    /// Well-formed XML without a DOCTYPE (no entities, no external references), no stylesheet instruction, and no
    /// HTML, XHTML or SVG content or script element anywhere: a browser could run any of those.
    /// </summary>
    private static string? XmlProblem(byte[] content)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(content), settings);
            var root = true;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.ProcessingInstruction && reader.Name.Equals("xml-stylesheet", StringComparison.OrdinalIgnoreCase))
                    return "XML materials may not reference a stylesheet";
                if (reader.NodeType != XmlNodeType.Element) continue;
                if (root && reader.LocalName.Equals("html", StringComparison.OrdinalIgnoreCase)) return "HTML is not accepted as XML";
                root = false;
                if (reader.NamespaceURI is Xhtml or Svg) return "XHTML and SVG content is not accepted as XML";
                if (reader.LocalName.Equals("script", StringComparison.OrdinalIgnoreCase)) return "XML materials may not contain script elements";
            }
            return root ? "the XML document has no root element" : null;
        }
        catch (XmlException e) { return $"the file is not well-formed XML without a DOCTYPE ({e.Message})"; }
    }
}
