using System.Buffers.Binary;
using System.Text;
using PdfSharp.Fonts;

namespace ApprovalEngine.Host.Documents;

/// <summary>Where the documents' typeface comes from (Debian's fonts-noto-cjk by default).</summary>
public sealed class DocumentOptions
{
    /// <summary>An OpenType font or TrueType/OpenType collection (.ttc) with Chinese glyphs.</summary>
    public string FontPath { get; set; } = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";

    /// <summary>In a collection, the face whose family name contains this (the simplified-Chinese face).</summary>
    public string FontFace { get; set; } = "CJK SC";

    /// <summary>Largest PDF accepted by the public PDF verification.</summary>
    public long MaxVerifyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Whose seal signs notices when the window's own department has none (a bureau seal often stands for the window).</summary>
    public string NoticeSealDepartment { get; set; } = "bureau";

    /// <summary>The rights statement of a denial per jurisdiction (key: the process's Deadlines jurisdiction code, "default" otherwise).</summary>
    public Dictionary<string, string> AppealRights { get; set; } = [];

    public const string DefaultAppealRights =
        "申请人如对本决定不服，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。";

    public string AppealRightsFor(string? jurisdiction) =>
        jurisdiction is not null && AppealRights.TryGetValue(jurisdiction, out var text) ? text
        : AppealRights.TryGetValue("default", out var fallback) ? fallback : DefaultAppealRights;
}

/// <summary>
/// Serves the CJK face to PDFsharp. PDFsharp reads single fonts only, so a face is cut out of a collection: a TTC
/// is a header with one offset per face, each pointing at an ordinary table directory whose table offsets are
/// relative to the whole file; the face is rewritten as a standalone font with its tables packed after its directory.
/// </summary>
public sealed class CjkFontResolver : IFontResolver
{
    public const string Family = "ApprovalEngine CJK";

    // PDFsharp only needs the metrics tables to lay text out, and it would embed whatever it is given in full. It gets
    // the face with these tables and a glyph-less CFF; the real outlines are subset into each PDF afterwards.
    private static readonly string[] LayoutTables = ["cmap", "head", "hhea", "hmtx", "maxp", "name", "OS/2", "post"];
    private readonly Lazy<(byte[] Layout, CffFont Outlines)> _font;

    public CjkFontResolver(DocumentOptions options) => _font = new(() =>
    {
        var face = LoadFace(options.FontPath, options.FontFace);
        var outlines = CffFont.FromOpenType(face);
        var tables = LayoutTables.ToDictionary(t => t, t => CffFont.FindTable(face, t));
        tables["CFF "] = outlines.Subset([]);
        return (Build(tables), outlines);
    });

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => new(Family);

    public byte[] GetFont(string faceName) => _font.Value.Layout;

    /// <summary>The face's real glyph outlines.</summary>
    public CffFont Outlines => _font.Value.Outlines;

    private static byte[] Build(Dictionary<string, byte[]> tables)
    {
        var tags = tables.Keys.Order(StringComparer.Ordinal).ToList();
        var size = 12 + 16 * tags.Count + tables.Values.Sum(t => (t.Length + 3) & ~3);
        var font = new byte[size];
        BinaryPrimitives.WriteUInt32BigEndian(font, 0x4F54544F);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(4), (ushort)tags.Count);
        var at = 12 + 16 * tags.Count;
        for (var i = 0; i < tags.Count; i++)
        {
            var record = font.AsSpan(12 + 16 * i, 16);
            Encoding.ASCII.GetBytes(tags[i]).CopyTo(record);
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)at);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)tables[tags[i]].Length);
            tables[tags[i]].CopyTo(font, at);
            at += (tables[tags[i]].Length + 3) & ~3;
        }
        return font;
    }

    /// <summary>The font at <paramref name="path"/>, or from a collection the face whose family name contains <paramref name="face"/> (else the first).</summary>
    public static byte[] LoadFace(string path, string face)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"The document font '{path}' does not exist: install fonts-noto-cjk or set Documents:FontPath.", path);
        var file = File.ReadAllBytes(path);
        if (Encoding.ASCII.GetString(file, 0, 4) != "ttcf") return file;
        var faces = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(8));
        var offsets = Enumerable.Range(0, faces).Select(i => (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(12 + 4 * i))).ToList();
        var chosen = offsets.FirstOrDefault(o => FamilyName(file, o)?.Contains(face, StringComparison.OrdinalIgnoreCase) == true, offsets[0]);
        return Extract(file, chosen);
    }

    private static byte[] Extract(byte[] file, int directory)
    {
        int count = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(directory + 4));
        var tables = Enumerable.Range(0, count).Select(i => file.AsSpan(directory + 12 + 16 * i, 16).ToArray()).ToList();
        var size = 12 + 16 * count + tables.Sum(t => (Length(t) + 3) & ~3);
        var font = new byte[size];
        file.AsSpan(directory, 12).CopyTo(font);
        var at = 12 + 16 * count;
        for (var i = 0; i < count; i++)
        {
            var record = font.AsSpan(12 + 16 * i, 16);
            tables[i].CopyTo(record);
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)at);
            file.AsSpan(Offset(tables[i]), Length(tables[i])).CopyTo(font.AsSpan(at));
            at += (Length(tables[i]) + 3) & ~3;
        }
        return font;
    }

    private static int Offset(byte[] record) => (int)BinaryPrimitives.ReadUInt32BigEndian(record.AsSpan(8));
    private static int Length(byte[] record) => (int)BinaryPrimitives.ReadUInt32BigEndian(record.AsSpan(12));

    /// <summary>Name id 1 (family) in Windows Unicode from the face's 'name' table.</summary>
    private static string? FamilyName(byte[] file, int directory)
    {
        int count = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(directory + 4));
        for (var i = 0; i < count; i++)
        {
            var record = file.AsSpan(directory + 12 + 16 * i, 16);
            if (Encoding.ASCII.GetString(record[..4]) != "name") continue;
            var table = (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
            int names = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(table + 2));
            int strings = table + BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(table + 4));
            for (var n = 0; n < names; n++)
            {
                var r = file.AsSpan(table + 6 + 12 * n, 12);
                if (BinaryPrimitives.ReadUInt16BigEndian(r) != 3 || BinaryPrimitives.ReadUInt16BigEndian(r[6..]) != 1) continue;
                return Encoding.BigEndianUnicode.GetString(file, strings + BinaryPrimitives.ReadUInt16BigEndian(r[10..]), BinaryPrimitives.ReadUInt16BigEndian(r[8..]));
            }
        }
        return null;
    }
}
