using System.Buffers.Binary;

namespace ApprovalEngine.Host.Documents;

/// <summary>
/// A CID-keyed CFF font (the outlines of Noto CJK), parsed once, cut down per document to the glyphs it uses.
/// PDFsharp lays out CFF-flavoured OpenType correctly but embeds the whole 16 MB font; a subset keeps glyph ids
/// stable (unused glyphs and subroutines become one-byte stubs, the glyph count stops at the highest used id) and
/// has an identity charset, so a PDF code (= glyph id) is also the CID, as a CIDFontType0 font needs.
/// </summary>
public sealed class CffFont
{
    private const int OpCharset = 15, OpCharStrings = 17, OpPrivate = 18, OpSubrs = 19;
    private const int OpFdArray = 1236, OpFdSelect = 1237; // escaped operators 12 36, 12 37

    private readonly Index _names, _strings, _globalSubrs, _charStrings;
    private readonly Dict _top;
    private readonly List<Dict> _fonts = [], _privates = [];
    private readonly List<Index?> _localSubrs = [];
    private readonly byte[] _fdOf;

    /// <exception cref="InvalidDataException">Not a CID-keyed CFF font.</exception>
    public CffFont(byte[] cff)
    {
        int pos = cff[2];
        _names = Index.Read(cff, ref pos);
        var topDicts = Index.Read(cff, ref pos);
        _strings = Index.Read(cff, ref pos);
        _globalSubrs = Index.Read(cff, ref pos);
        _top = Dict.Parse(topDicts.Item(0));
        if (!_top.Has(OpFdArray) || !_top.Has(OpFdSelect)) throw new InvalidDataException("Only CID-keyed CFF fonts are supported.");
        var charStringsPos = _top.Int(OpCharStrings);
        _charStrings = Index.Read(cff, ref charStringsPos);
        var fdArrayPos = _top.Int(OpFdArray);
        var fdArray = Index.Read(cff, ref fdArrayPos);
        for (var i = 0; i < fdArray.Count; i++)
        {
            var font = Dict.Parse(fdArray.Item(i));
            _fonts.Add(font);
            var (size, offset) = ((int)font.Operands(OpPrivate)[0], (int)font.Operands(OpPrivate)[1]);
            var priv = Dict.Parse(cff.AsSpan(offset, size).ToArray());
            _privates.Add(priv);
            if (priv.Has(OpSubrs))
            {
                var subrsPos = offset + priv.Int(OpSubrs);
                _localSubrs.Add(Index.Read(cff, ref subrsPos));
            }
            else _localSubrs.Add(null);
        }
        _fdOf = ReadFdSelect(cff, _top.Int(OpFdSelect), _charStrings.Count);
    }

    /// <summary>The 'CFF ' table of an OpenType font.</summary>
    public static CffFont FromOpenType(byte[] openType) => new(FindTable(openType, "CFF "));

    public static byte[] FindTable(ReadOnlySpan<byte> font, string tag)
    {
        if (font.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(font) != 0x4F54544F) throw new InvalidDataException("Not an OpenType font with CFF outlines.");
        int count = BinaryPrimitives.ReadUInt16BigEndian(font[4..]);
        var wanted = BinaryPrimitives.ReadUInt32BigEndian(System.Text.Encoding.ASCII.GetBytes(tag));
        for (var i = 0; i < count; i++)
        {
            var record = font.Slice(12 + 16 * i, 16);
            if (BinaryPrimitives.ReadUInt32BigEndian(record) != wanted) continue;
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]);
            return font.Slice(offset, length).ToArray();
        }
        throw new InvalidDataException($"The font has no '{tag}' table.");
    }

    /// <summary>A bare CFF with <paramref name="glyphIds"/> (and .notdef) drawn, every other glyph empty.</summary>
    public byte[] Subset(IReadOnlyCollection<int> glyphIds)
    {
        var glyphCount = Math.Min(_charStrings.Count, Math.Max(2, glyphIds.Where(g => g >= 0 && g < _charStrings.Count).DefaultIfEmpty(0).Max() + 1));
        var keep = new HashSet<int>(glyphIds.Where(g => g >= 0 && g < glyphCount)) { 0 };

        // Which subroutines the kept glyphs call (walking the charstrings, counting stems for the hint masks).
        var usedGlobal = new HashSet<int>();
        var usedLocal = _localSubrs.Select(_ => new HashSet<int>()).ToList();
        foreach (var gid in keep)
        {
            var fd = _fdOf[gid];
            new CharStringScanner(_globalSubrs, _localSubrs[fd], usedGlobal, usedLocal[fd]).Run(_charStrings.Item(gid));
        }

        byte[] endchar = [14], ret = [11];
        var newCharStrings = Index.Write(Enumerable.Range(0, glyphCount).Select(g => keep.Contains(g) ? _charStrings.Item(g) : endchar));
        var newGlobal = Index.Write(Enumerable.Range(0, _globalSubrs.Count).Select(i => usedGlobal.Contains(i) ? _globalSubrs.Item(i) : ret));
        var charset = new byte[] { 2, 0, 1, (byte)((glyphCount - 2) >> 8), (byte)(glyphCount - 2) }; // identity: GID n is CID n
        var fdSelect = WriteFdSelect(_fdOf, glyphCount);

        // Offsets are written as 5-byte integers so every dict's size is known before the layout is.
        var topBytes = _top.With(OpCharset, 0).With(OpCharStrings, 0).With(OpFdArray, 0).With(OpFdSelect, 0).Write();
        var names = _names.Raw();
        var strings = _strings.Raw();
        var headerSize = 4 + names.Length + Index.Write([topBytes]).Length + strings.Length + newGlobal.Length;
        var charsetAt = headerSize;
        var fdSelectAt = charsetAt + charset.Length;
        var charStringsAt = fdSelectAt + fdSelect.Length;
        var fdArrayAt = charStringsAt + newCharStrings.Length;
        var fdArraySize = Index.Write(_fonts.Select(f => f.With(OpPrivate, 0, 0).Write())).Length;

        var at = fdArrayAt + fdArraySize;
        var privateBlocks = new List<byte[]>();
        var newFonts = new List<byte[]>();
        for (var i = 0; i < _fonts.Count; i++)
        {
            var priv = _privates[i];
            var subrs = _localSubrs[i];
            if (subrs is not null) priv = priv.With(OpSubrs, 0);
            var privBytes = priv.Write();
            if (subrs is not null) privBytes = priv.With(OpSubrs, privBytes.Length).Write();
            var block = privBytes;
            if (subrs is not null)
                block = [.. privBytes, .. Index.Write(Enumerable.Range(0, subrs.Count).Select(s => usedLocal[i].Contains(s) ? subrs.Item(s) : ret))];
            newFonts.Add(_fonts[i].With(OpPrivate, privBytes.Length, at).Write());
            privateBlocks.Add(block);
            at += block.Length;
        }

        var finalTop = _top.With(OpCharset, charsetAt).With(OpCharStrings, charStringsAt).With(OpFdArray, fdArrayAt).With(OpFdSelect, fdSelectAt).Write();
        using var output = new MemoryStream();
        output.Write([1, 0, 4, 4]);
        output.Write(names);
        output.Write(Index.Write([finalTop]));
        output.Write(strings);
        output.Write(newGlobal);
        output.Write(charset);
        output.Write(fdSelect);
        output.Write(newCharStrings);
        output.Write(Index.Write(newFonts));
        foreach (var block in privateBlocks) output.Write(block);
        return output.ToArray();
    }

    private static byte[] ReadFdSelect(byte[] cff, int offset, int glyphs)
    {
        var fds = new byte[glyphs];
        switch (cff[offset])
        {
            case 0:
                Array.Copy(cff, offset + 1, fds, 0, glyphs);
                break;
            case 3:
                int ranges = BinaryPrimitives.ReadUInt16BigEndian(cff.AsSpan(offset + 1));
                for (var r = 0; r < ranges; r++)
                {
                    var p = offset + 3 + 3 * r;
                    int first = BinaryPrimitives.ReadUInt16BigEndian(cff.AsSpan(p));
                    int next = BinaryPrimitives.ReadUInt16BigEndian(cff.AsSpan(p + 3));
                    for (var g = first; g < Math.Min(next, glyphs); g++) fds[g] = cff[p + 2];
                }
                break;
            default: throw new InvalidDataException($"FDSelect format {cff[offset]} is not supported.");
        }
        return fds;
    }

    private static byte[] WriteFdSelect(byte[] fdOf, int glyphs)
    {
        var ranges = new List<(int First, byte Fd)>();
        for (var g = 0; g < glyphs; g++)
            if (ranges.Count == 0 || ranges[^1].Fd != fdOf[g]) ranges.Add((g, fdOf[g]));
        var bytes = new byte[3 + 3 * ranges.Count + 2];
        bytes[0] = 3;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(1), (ushort)ranges.Count);
        for (var r = 0; r < ranges.Count; r++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(3 + 3 * r), (ushort)ranges[r].First);
            bytes[5 + 3 * r] = ranges[r].Fd;
        }
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(bytes.Length - 2), (ushort)glyphs);
        return bytes;
    }

    /// <summary>A CFF INDEX (count, offset size, 1-based offsets, data), read in place.</summary>
    private sealed class Index(byte[] source, int start, int count, int offSize, int offsetsAt, int dataAt, int end)
    {
        public int Count => count;

        public byte[] Raw() => source.AsSpan(start, end - start).ToArray();

        public byte[] Item(int i) => source.AsSpan(dataAt + Offset(i), Offset(i + 1) - Offset(i)).ToArray();

        private int Offset(int i)
        {
            var value = 0;
            for (var b = 0; b < offSize; b++) value = value << 8 | source[offsetsAt + i * offSize + b];
            return value - 1;
        }

        public static Index Read(byte[] cff, ref int pos)
        {
            var start = pos;
            int count = BinaryPrimitives.ReadUInt16BigEndian(cff.AsSpan(pos));
            if (count == 0)
            {
                pos += 2;
                return new Index(cff, start, 0, 1, pos, pos, pos);
            }
            int offSize = cff[pos + 2];
            var offsetsAt = pos + 3;
            var dataAt = offsetsAt + (count + 1) * offSize;
            pos = dataAt + new Index(cff, start, count, offSize, offsetsAt, dataAt, 0).Offset(count);
            return new Index(cff, start, count, offSize, offsetsAt, dataAt, pos);
        }

        public static byte[] Write(IEnumerable<byte[]> items)
        {
            var list = items.ToList();
            if (list.Count == 0) return [0, 0];
            var total = list.Sum(i => i.Length) + 1;
            var offSize = total < 0x100 ? 1 : total < 0x10000 ? 2 : total < 0x1000000 ? 3 : 4;
            var bytes = new byte[3 + (list.Count + 1) * offSize + total - 1];
            BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)list.Count);
            bytes[2] = (byte)offSize;
            var offset = 1;
            var data = 3 + (list.Count + 1) * offSize;
            for (var i = 0; i <= list.Count; i++)
            {
                for (var b = 0; b < offSize; b++) bytes[3 + i * offSize + b] = (byte)(offset >> (8 * (offSize - 1 - b)));
                if (i == list.Count) break;
                list[i].CopyTo(bytes, data);
                data += list[i].Length;
                offset += list[i].Length;
            }
            return bytes;
        }
    }

    /// <summary>A Top, Font or Private DICT as (operator, operand bytes) pairs, in order.</summary>
    private sealed class Dict(List<(int Op, byte[] Operands)> entries)
    {
        public bool Has(int op) => entries.Any(e => e.Op == op);
        public int Int(int op) => (int)Operands(op)[0];

        public List<double> Operands(int op)
        {
            var raw = entries.First(e => e.Op == op).Operands;
            var values = new List<double>();
            for (var i = 0; i < raw.Length;) values.Add(ReadOperand(raw, ref i));
            return values;
        }

        public Dict With(int op, params int[] values)
        {
            var operands = values.SelectMany(v => new byte[] { 29, (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v }).ToArray();
            var copy = entries.Select(e => e.Op == op ? (op, operands) : e).ToList();
            if (!Has(op)) copy.Add((op, operands));
            return new Dict(copy);
        }

        public byte[] Write()
        {
            using var s = new MemoryStream();
            foreach (var (op, operands) in entries)
            {
                s.Write(operands);
                if (op >= 1200) s.Write([12, (byte)(op - 1200)]);
                else s.WriteByte((byte)op);
            }
            return s.ToArray();
        }

        public static Dict Parse(byte[] data)
        {
            var entries = new List<(int, byte[])>();
            var start = 0;
            for (var i = 0; i < data.Length;)
            {
                var b = data[i];
                if (b <= 21)
                {
                    var operands = data[start..i];
                    int op = b == 12 ? 1200 + data[i + 1] : b;
                    i += b == 12 ? 2 : 1;
                    entries.Add((op, operands));
                    start = i;
                }
                else ReadOperand(data, ref i);
            }
            return new Dict(entries);
        }

        private static double ReadOperand(byte[] d, ref int i)
        {
            var b = d[i];
            switch (b)
            {
                case 28: i += 3; return (short)(d[i - 2] << 8 | d[i - 1]);
                case 29: i += 5; return BinaryPrimitives.ReadInt32BigEndian(d.AsSpan(i - 4));
                case 30:
                    // Real numbers are only copied, never interpreted: skip the nibbles up to the 0xf terminator.
                    i++;
                    while ((d[i] & 0x0F) != 0x0F && (d[i] & 0xF0) != 0xF0) i++;
                    i++;
                    return 0;
                case >= 32 and <= 246: i += 1; return b - 139;
                case >= 247 and <= 250: i += 2; return (b - 247) * 256 + d[i - 1] + 108;
                case >= 251 and <= 254: i += 2; return -(b - 251) * 256 - d[i - 1] - 108;
                default: throw new InvalidDataException($"Bad DICT operand byte {b}.");
            }
        }
    }

    /// <summary>Walks Type 2 charstrings just far enough to know which subroutines they call.</summary>
    private sealed class CharStringScanner(Index global, Index? local, HashSet<int> usedGlobal, HashSet<int> usedLocal)
    {
        private readonly List<double> _stack = [];
        private int _stems;
        private bool _ended;

        public void Run(byte[] code) => Execute(code, 0);

        private static int Bias(int count) => count < 1240 ? 107 : count < 33900 ? 1131 : 32768;

        private void Execute(byte[] code, int depth)
        {
            if (depth > 10) throw new InvalidDataException("Charstring subroutines nest too deep.");
            for (var i = 0; i < code.Length && !_ended;)
            {
                var b = code[i];
                if (b == 28) { _stack.Add((short)(code[i + 1] << 8 | code[i + 2])); i += 3; continue; }
                if (b >= 32)
                {
                    if (b <= 246) { _stack.Add(b - 139); i += 1; }
                    else if (b <= 250) { _stack.Add((b - 247) * 256 + code[i + 1] + 108); i += 2; }
                    else if (b <= 254) { _stack.Add(-(b - 251) * 256 - code[i + 1] - 108); i += 2; }
                    else { _stack.Add(BinaryPrimitives.ReadInt32BigEndian(code.AsSpan(i + 1)) / 65536.0); i += 5; }
                    continue;
                }
                i++;
                switch (b)
                {
                    case 1 or 3 or 18 or 23: // stem hints
                        _stems += _stack.Count / 2;
                        _stack.Clear();
                        break;
                    case 19 or 20: // hintmask, cntrmask: arguments left on the stack are implicit vstems
                        _stems += _stack.Count / 2;
                        _stack.Clear();
                        i += (_stems + 7) / 8;
                        break;
                    case 10 or 29:
                    {
                        var subrs = b == 10 ? local : global;
                        if (subrs is null || _stack.Count == 0) throw new InvalidDataException("A charstring calls a subroutine that does not exist.");
                        var index = (int)_stack[^1] + Bias(subrs.Count);
                        _stack.RemoveAt(_stack.Count - 1);
                        (b == 10 ? usedLocal : usedGlobal).Add(index);
                        Execute(subrs.Item(index), depth + 1);
                        break;
                    }
                    case 11: return;
                    case 14: _ended = true; return;
                    case 12: i++; _stack.Clear(); break;
                    default: _stack.Clear(); break;
                }
            }
        }
    }
}
