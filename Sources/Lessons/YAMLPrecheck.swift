/// Checks a lesson's YAML text for what a small file must not do, before the YAML library sees
/// it: use many aliases (`*name`, each a copy of an anchored node, so that a few lines can stand
/// for billions of nodes — even as mapping keys, which the library compares one by one), or nest
/// brackets deeper than any lesson needs (the library reads nesting recursively).
///
/// A scan of the text, not a parse: quoted scalars and comments are skipped, and an alias is a
/// `*` where a node may start. It can only refuse too much (a quoted "*x" the scan mistook), never
/// let a real alias through uncounted.
enum YAMLPrecheck {
    /// Deepest `[`/`{` nesting allowed.
    static let maxFlowDepth = 64

    /// Throws at the line of the first alias beyond the budget, or of the bracket too deep.
    static func check(_ text: String, path: String) throws(InputError) {
        var aliases = 0, depth = 0, line = 1
        var previous: UInt8 = 10      // the byte before this one
        var significant: UInt8 = 10   // the last byte that was not a space or tab
        var quote: UInt8?
        var escaped = false
        var inComment = false
        let bytes = Array(text.utf8)
        for (i, b) in bytes.enumerated() {
            defer {
                previous = b
                if b != 32 && b != 9 { significant = b }
            }
            if b == 10 { line += 1; inComment = false; continue }
            if inComment { continue }
            if let q = quote {
                if escaped { escaped = false } else if q == 34 && b == 92 { escaped = true } else if b == q { quote = nil }
                continue
            }
            switch b {
            case 35 where previous == 32 || previous == 9 || previous == 10:  // '#' starts a comment
                inComment = true
            case 34 where startsNode(significant), 39 where startsNode(significant):  // a quoted scalar
                quote = b
            case 91, 123:  // '[', '{'
                depth += 1
                if depth > maxFlowDepth {
                    throw InputError("\(path):\(line)", "brackets are nested more than \(maxFlowDepth) deep: a lesson needs at most a list of lists.")
                }
            case 93, 125:  // ']', '}'
                depth = max(0, depth - 1)
            case 42 where startsNode(previous) || startsNode(significant):  // '*': an alias
                let next = i + 1 < bytes.count ? bytes[i + 1] : 32
                guard ![32, 9, 10, 13, 44, 91, 93, 123, 125, 42].contains(next) else { continue }
                aliases += 1
                if aliases > LessonLimits.maxAliases {
                    throw InputError("\(path):\(line)", "uses more than \(LessonLimits.maxAliases) YAML aliases (*name): write the values out instead.")
                }
            default:
                break
            }
        }
    }

    /// Bytes after which a YAML node may start: a line break, a flow or block indicator.
    private static func startsNode(_ b: UInt8) -> Bool {
        b == 10 || b == 13 || b == 91 || b == 123 || b == 44 || b == 58 || b == 63 || b == 45 || b == 33 || b == 38
    }
}
