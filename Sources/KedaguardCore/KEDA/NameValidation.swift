/// Kubernetes name syntax (apimachinery's validation package), for names KEDA derives.
public enum NameValidation {
    /// RFC 1123 label: at most 63 of [a-z0-9-], starting and ending with an alphanumeric.
    public static func dns1123LabelProblem(_ name: String) -> String? {
        if name.isEmpty { return "must not be empty" }
        if name.utf8.count > 63 { return "must be no more than 63 characters (it has \(name.utf8.count))" }
        guard name.utf8.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "-") }) else {
            return "must consist of lower case alphanumeric characters or '-'"
        }
        guard isLowerAlnum(name.utf8.first!), isLowerAlnum(name.utf8.last!) else {
            return "must start and end with an alphanumeric character"
        }
        return nil
    }

    /// RFC 1123 subdomain: at most 253 characters, dot-separated labels.
    public static func dns1123SubdomainProblem(_ name: String) -> String? {
        if name.isEmpty { return "must not be empty" }
        if name.utf8.count > 253 { return "must be no more than 253 characters" }
        guard name.utf8.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }) else {
            return "must consist of lower case alphanumeric characters, '-' or '.'"
        }
        guard isLowerAlnum(name.utf8.first!), isLowerAlnum(name.utf8.last!) else {
            return "must start and end with an alphanumeric character"
        }
        return nil
    }

    private static func isLowerAlnum(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }
}
