using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ApprovalEngine.Host.Documents;

/// <summary>
/// The visible round seal of a Chinese official document: a red ring, the sealing body's name along the upper arc
/// (read left to right, each character upright towards the centre), and a five-pointed star in the middle.
/// </summary>
public static class SealStamp
{
    private static readonly XColor Red = XColor.FromArgb(215, 218, 20, 28);

    public static void Draw(XGraphics g, string name, double cx, double cy, double radius)
    {
        var brush = new XSolidBrush(Red);
        g.DrawEllipse(new XPen(Red, radius * 0.055), cx - radius, cy - radius, 2 * radius, 2 * radius);
        Star(g, brush, cx, cy, radius * 0.3);

        var text = name.Trim();
        if (text.Length == 0) return;
        const double span = 240; // degrees of arc the name may use, centred on the top
        var step = Math.Min(span / text.Length, 34);
        var fontSize = Math.Min(radius * 0.3, 2 * Math.PI * radius * 0.72 * step / 360 * 0.95);
        var font = new XFont(CjkFontResolver.Family, fontSize, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
        var start = -step * (text.Length - 1) / 2;
        for (var i = 0; i < text.Length; i++)
        {
            var state = g.Save();
            g.TranslateTransform(cx, cy);
            g.RotateTransform(start + i * step);
            var glyph = text[i].ToString();
            var width = g.MeasureString(glyph, font).Width;
            g.DrawString(glyph, font, brush, -width / 2, -radius * 0.88 + fontSize);
            g.Restore(state);
        }
    }

    private static void Star(XGraphics g, XBrush brush, double cx, double cy, double r)
    {
        var points = new XPoint[10];
        for (var i = 0; i < 10; i++)
        {
            var angle = -Math.PI / 2 + i * Math.PI / 5;
            var radius = i % 2 == 0 ? r : r * 0.382;
            points[i] = new XPoint(cx + radius * Math.Cos(angle), cy + radius * Math.Sin(angle));
        }
        g.DrawPolygon(brush, points, XFillMode.Winding);
    }
}
