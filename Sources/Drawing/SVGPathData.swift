/// Writes Cairo's path data in SVG's short form, drawing the same points (numbers to the
/// hundredth, as ``SVGCompaction`` left them, are read and written exactly, as whole hundredths):
///
/// ```
/// M 48 184.5 L 82 184.5 L 82 218.5 L 48 218.5 Z M 48 184.5     (transform="matrix(1,0,0,1,64,0)")
/// M112 184.5H146V218.5H112Z
/// ```
/// - a command letter is written only when it changes (`L 1 2 L 3 4` → `L1 2 3 4`; after `M`, pairs
///   are lines: `M 0 0 L 3 4` → `M0 0 3 4`), with no space next to a letter and none before a minus;
/// - a line along an axis is `H x` or `V y`;
/// - the `M x y` Cairo writes after the last `Z`, at the point the path is already at, goes: a
///   move with nothing drawn from it draws nothing;
/// - a pure translation `transform="matrix(1,0,0,1,tx,ty)"` is added to the coordinates and
///   dropped, on a path whose attributes are only `style`, `d` and `transform` and whose style
///   paints with no `url(…)` (a pattern, a gradient or a clip path would be placed in the moved
///   coordinates; a stroke is not changed by a translation).
///
/// Only `M`, `L`, `C` and `Z` with numbers of at most two decimals are read (what Cairo writes
/// after compaction); a path with anything else is left as it is.
enum SVGPathData {
    /// A path: its commands, and their numbers in hundredths one after another (M, L: 2; C: 6; Z: 0).
    struct Path: Equatable {
        var commands: [UInt8] = []
        var numbers: [Int] = []
    }

    static let M: UInt8 = 77, L: UInt8 = 76, C: UInt8 = 67, Z: UInt8 = 90, H: UInt8 = 72, V: UInt8 = 86

    static func arity(_ c: UInt8) -> Int? {
        switch c {
        case M, L: 2
        case C: 6
        case Z: 0
        default: nil
        }
    }

    static func compact(_ input: [UInt8]) -> [UInt8] {
        guard let svg = SVGMarkup(input) else { return input }
        let b = svg.bytes
        var edits = SVGEdits()
        for t in svg.tags where (t.kind == .empty || t.kind == .open) && svg.isNamed(t, "path") {
            let attributes = svg.attributes(of: t)
            func named(_ name: String) -> SVGMarkup.Attribute? { attributes.first { b[$0.name].elementsEqual(name.utf8) } }
            guard let d = named("d"), var path = parse(b[d.value]) else { continue }
            if let transform = named("transform"), let (tx, ty) = translation(b[transform.value]),
               attributes.allSatisfy({ a in ["style", "d", "transform"].contains { b[a.name].elementsEqual($0.utf8) } }),
               !(named("style").map { contains(b[$0.value], "url(") } ?? false) {
                path = path.moved(by: tx, ty)
                edits.remove(transform.whole)
            }
            edits.replace(d.value, with: write(path.withoutFinalMove()))
        }
        return edits.applied(to: input)
    }

    private static func contains(_ s: ArraySlice<UInt8>, _ pattern: String) -> Bool {
        let p = Array(pattern.utf8)
        guard s.count >= p.count else { return false }
        var i = s.startIndex
        while i + p.count <= s.endIndex {
            if s[i..<(i + p.count)].elementsEqual(p) { return true }
            i += 1
        }
        return false
    }

    // MARK: - Reading

    /// `-?DIGITS(.D{1,2})?` as hundredths.
    static func hundredths(_ s: ArraySlice<UInt8>) -> Int? {
        var i = s.startIndex
        let negative = i < s.endIndex && s[i] == 45
        if negative { i += 1 }
        var whole = 0, digits = 0
        while i < s.endIndex, s[i] >= 48, s[i] <= 57, digits < 15 { whole = whole * 10 + Int(s[i] - 48); i += 1; digits += 1 }
        guard digits > 0 else { return nil }
        var fraction = 0, decimals = 0
        if i < s.endIndex, s[i] == 46 {
            i += 1
            while i < s.endIndex, s[i] >= 48, s[i] <= 57, decimals < 2 { fraction = fraction * 10 + Int(s[i] - 48); i += 1; decimals += 1 }
            guard decimals > 0 else { return nil }
            if decimals == 1 { fraction *= 10 }
        }
        guard i == s.endIndex else { return nil }
        let v = whole * 100 + fraction
        return negative ? -v : v
    }

    /// Cairo's path data: letters and numbers separated by spaces.
    static func parse(_ d: ArraySlice<UInt8>) -> Path? {
        var path = Path()
        var i = d.startIndex, expected = 0
        while i < d.endIndex {
            if d[i] == 32 || d[i] == 10 || d[i] == 44 { i += 1; continue }
            var j = i
            while j < d.endIndex && d[j] != 32 && d[j] != 10 && d[j] != 44 { j += 1 }
            if j - i == 1, let n = arity(d[i]) {
                guard expected == 0 else { return nil }
                path.commands.append(d[i])
                expected = n
            } else {
                guard expected > 0, let v = hundredths(d[i..<j]) else { return nil }
                path.numbers.append(v)
                expected -= 1
            }
            i = j
        }
        return expected == 0 ? path : nil
    }

    /// `matrix(1,0,0,1,tx,ty)` as (tx, ty) in hundredths.
    static func translation(_ s: ArraySlice<UInt8>) -> (Int, Int)? {
        let prefix = "matrix(1,0,0,1,".utf8
        guard s.starts(with: prefix), s.last == 41 else { return nil }
        let inside = s.dropFirst(prefix.count).dropLast()
        let parts = inside.split(separator: 44, omittingEmptySubsequences: false)
        guard parts.count == 2, let tx = hundredths(parts[0]), let ty = hundredths(parts[1]) else { return nil }
        return (tx, ty)
    }

    // MARK: - Writing

    /// Hundredths as the shortest decimal: `1250` → `12.5`, `-5` → `-0.05`, `0` → `0`.
    static func append(_ v: Int, to out: inout [UInt8]) {
        if v < 0 { out.append(45) }
        let m = v.magnitude
        out.appendDecimal(m / 100)
        let rest = m % 100
        if rest != 0 {
            out.append(46)
            out.append(UInt8(48 + rest / 10))
            if rest % 10 != 0 { out.append(UInt8(48 + rest % 10)) }
        }
    }

    static func write(_ path: Path) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(path.numbers.count * 5)
        var k = 0
        var x = 0, y = 0, startX = 0, startY = 0
        /// The command a letter may be left out for: after M, lines.
        var implied: UInt8 = 0
        func number(_ v: Int) {
            if let last = out.last, last >= 48 && last <= 57 || last == 46, v >= 0 { out.append(32) }
            append(v, to: &out)
        }
        func command(_ c: UInt8) {
            if c != implied || c == M || c == Z { out.append(c) }
            implied = c == M ? L : c
        }
        for c in path.commands {
            let p = path.numbers[k..<(k + (arity(c) ?? 0))]
            k += p.count
            switch c {
            case M:
                command(M); number(p[p.startIndex]); number(p[p.startIndex + 1])
                (x, y) = (p[p.startIndex], p[p.startIndex + 1]); (startX, startY) = (x, y)
            case L:
                let (nx, ny) = (p[p.startIndex], p[p.startIndex + 1])
                if ny == y { command(H); number(nx) } else if nx == x { command(V); number(ny) } else { command(L); number(nx); number(ny) }
                (x, y) = (nx, ny)
            case C:
                command(C)
                for v in p { number(v) }
                (x, y) = (p[p.endIndex - 2], p[p.endIndex - 1])
            default:
                command(Z)
                (x, y) = (startX, startY)
            }
        }
        return out
    }
}

extension SVGPathData.Path {
    /// Every point moved by (dx, dy) hundredths.
    func moved(by dx: Int, _ dy: Int) -> Self {
        var copy = self
        for k in copy.numbers.indices { copy.numbers[k] += k % 2 == 0 ? dx : dy }
        return copy
    }

    /// Without a final `M` that follows a `Z` and stays where the `Z` went back to.
    func withoutFinalMove() -> Self {
        guard commands.count >= 2, commands[commands.count - 1] == SVGPathData.M, commands[commands.count - 2] == SVGPathData.Z else { return self }
        // The start of the subpath the Z closed: the last M before it.
        var k = 0, start: (Int, Int)? = nil
        for c in commands.dropLast() {
            if c == SVGPathData.M { start = (numbers[k], numbers[k + 1]) }
            k += SVGPathData.arity(c) ?? 0
        }
        guard let start, start == (numbers[k], numbers[k + 1]) else { return self }
        var copy = self
        copy.commands.removeLast()
        copy.numbers.removeLast(2)
        return copy
    }
}
