/// The candidate with the smallest edit distance to `word`, if it is close enough to be a typo
/// (at most a third of the word's length, and at least 2 edits allowed).
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    let limit = max(2, word.count / 3)
    var best: (name: String, distance: Int)?
    for c in candidates {
        let d = editDistance(word, c)
        if d <= limit && d < (best?.distance ?? Int.max) { best = (c, d) }
    }
    return best?.name
}

/// Levenshtein distance: insertions, deletions and substitutions each cost 1.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
