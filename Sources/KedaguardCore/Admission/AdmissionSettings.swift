import Foundation

/// How the webhook answers when it cannot judge: a rule threw, or the deadline passed.
public enum FailurePolicy: String, Sendable, Hashable, CaseIterable {
    /// Admit, with a warning saying what was not checked. Matches KEDA's own webhooks
    /// (failurePolicy Ignore): a broken check never blocks a valid object.
    case open
    /// Deny with an InternalError status.
    case closed
}

/// Whether errors deny. `warn` is for rolling kedaguard out: every object is admitted and what
/// would have been denied comes back as warnings, so teams see it before it is enforced.
public enum Enforcement: String, Sendable, Hashable, CaseIterable {
    /// Errors deny the object (and so does the closed failure policy).
    case deny
    /// Nothing is denied for its content: errors, and failures under the closed failure
    /// policy, become warnings starting with "would deny:".
    case warn
}

/// Webhook behaviour that is not a rule setting; read from `webhook:` in the configuration file.
public struct AdmissionSettings: Sendable, Hashable {
    public var failurePolicy: FailurePolicy
    public var enforcement: Enforcement
    /// Defaults `/mutate` writes.
    public var defaults: Set<KEDADefault>
    /// Largest request body accepted (controller-runtime also uses 7 MiB).
    public var maxBodyBytes: Int
    /// kube-apiserver keeps at most this many runes of warnings in total ...
    public var maxWarningsTotal: Int
    /// ... and truncates each warning to this many runes once the total is exceeded.
    public var maxWarningLength: Int
    /// Upper bound on the denial message, so a pathological object cannot produce a huge answer.
    public var maxDenialMessageLength: Int

    public static let defaultMaxBodyBytes = 7 * 1024 * 1024

    public init(failurePolicy: FailurePolicy = .open, enforcement: Enforcement = .deny, defaults: Set<KEDADefault> = Set(KEDADefault.allCases),
                maxBodyBytes: Int = AdmissionSettings.defaultMaxBodyBytes, maxWarningsTotal: Int = 4096,
                maxWarningLength: Int = 256, maxDenialMessageLength: Int = 4096) {
        self.failurePolicy = failurePolicy
        self.enforcement = enforcement
        self.defaults = defaults
        self.maxBodyBytes = maxBodyBytes
        self.maxWarningsTotal = maxWarningsTotal
        self.maxWarningLength = maxWarningLength
        self.maxDenialMessageLength = maxDenialMessageLength
    }
}

/// Turns texts into what kube-apiserver passes on unchanged: warnings within its rune limits and
/// single-line header text, and a bounded denial message.
enum AdmissionText {
    /// One line of printable text: kube-apiserver silently drops warnings that are not valid HTTP
    /// header values, e.g. with a newline.
    static func singleLine(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = false
        for scalar in s.unicodeScalars {
            let isControl = scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
            let c: Unicode.Scalar = isControl ? " " : scalar
            if c == " " {
                if lastWasSpace { continue }
                lastWasSpace = true
            } else {
                lastWasSpace = false
            }
            out.append(c)
        }
        return String(out).trimmingCharacters(in: .whitespaces)
    }

    static func runes(_ s: String) -> Int { s.unicodeScalars.count }

    /// Cuts to at most `limit` runes, marking the cut with an ellipsis.
    static func truncate(_ s: String, to limit: Int) -> String {
        guard runes(s) > limit else { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars.prefix(max(0, limit - 1)) { out.append(scalar) }
        out.append("…")
        return String(out)
    }

    /// Warnings as kube-apiserver will keep them: non-empty, unique, one line, each within
    /// `itemLimit` runes and all together within `totalLimit`. When some must be dropped the last
    /// kept warning says how many.
    static func warnings(_ texts: [String], itemLimit: Int, totalLimit: Int) -> (warnings: [String], dropped: Int) {
        var seen = Set<String>()
        var cleaned: [String] = []
        for text in texts {
            let line = truncate(singleLine(text), to: itemLimit)
            guard !line.isEmpty, seen.insert(line).inserted else { continue }
            cleaned.append(line)
        }
        var total = cleaned.reduce(0) { $0 + runes($1) }
        guard total > totalLimit else { return (cleaned, 0) }
        var kept = cleaned
        var dropped = 0
        func note(_ n: Int) -> String { "kedaguard: \(n) more warning\(n == 1 ? "" : "s") not shown (kube-apiserver limits warnings to \(totalLimit) characters); run kedaguard lint for all" }
        while !kept.isEmpty, total + runes(note(dropped)) > totalLimit {
            total -= runes(kept.removeLast())
            dropped += 1
        }
        kept.append(truncate(note(dropped), to: itemLimit))
        return (kept, dropped)
    }
}
