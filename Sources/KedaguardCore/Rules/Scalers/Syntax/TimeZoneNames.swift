import Foundation

/// Time zone names as Go's time.LoadLocation resolves them in KEDA's operator image.
///
/// The tz database names are compiled in (scripts/generate-timezones.py) so the answer does not
/// depend on the tzdata of the machine kedaguard runs on; names this build does not know but the
/// host's tzdata does (a newer zone) are accepted too, so a stale list can never deny.
public enum TimeZoneNames {
    /// Whether LoadLocation succeeds for `name`.
    public static func isKnown(_ name: String) -> Bool {
        if name.isEmpty || name == "UTC" || name == "Local" { return true }
        if GeneratedTimeZones.names.contains(name) { return true }
        // Debian's tzdata (KEDA's base images) also installs the posix/ and right/ trees.
        for prefix in ["posix/", "right/"] where name.hasPrefix(prefix) {
            if GeneratedTimeZones.names.contains(String(name.dropFirst(prefix.count))) { return true }
        }
        // A zone newer than the compiled-in list: new zones are always Area/Location. ICU also
        // knows abbreviations such as "IST" that have no tz file (Go rejects them), and it
        // matches case-insensitively while Go opens the file of that exact name.
        return name.contains("/") && !name.contains("..") && TimeZone(identifier: name)?.identifier == name
    }

    /// The name the user probably meant: same name in other case, else a close spelling.
    public static func suggestion(for name: String) -> String? {
        let lower = name.lowercased()
        if let same = GeneratedTimeZones.names.first(where: { $0.lowercased() == lower }) { return same }
        return Suggest.closest(to: name, in: Array(GeneratedTimeZones.names))
    }

    /// The version of the tz database compiled in.
    public static var tzdataVersion: String { GeneratedTimeZones.tzdataVersion }
}
