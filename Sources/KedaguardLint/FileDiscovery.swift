import Foundation

/// Expands the command line's paths into the files to lint, in a stable order.
public struct FileDiscovery {
    public static let extensions: Set<String> = ["yaml", "yml", "json"]

    public struct Result: Sendable {
        public var files: [String] = []
        public var errors: [LintError] = []
    }

    public static func expand(_ paths: [String], excludes: [Glob]) -> Result {
        var result = Result()
        var seen: Set<String> = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                result.errors.append(LintError(path: path, message: "no such file or directory"))
                continue
            }
            if !isDirectory.boolValue {
                // A file named explicitly is linted whatever its extension (pre-commit passes names).
                if !isExcluded(path, excludes), seen.insert(path).inserted { result.files.append(path) }
                continue
            }
            guard let enumerator = fm.enumerator(atPath: path) else {
                result.errors.append(LintError(path: path, message: "cannot read the directory"))
                continue
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                if isExcluded(full, excludes) {
                    if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { enumerator.skipDescendants() }
                    continue
                }
                // Hidden directories (.git, .github) hold no manifests to lint.
                if (relative as NSString).lastPathComponent.hasPrefix("."),
                   (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory {
                    enumerator.skipDescendants()
                    continue
                }
                let ext = (relative as NSString).pathExtension.lowercased()
                guard extensions.contains(ext) else { continue }
                if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { continue }
                found.append(full)
            }
            for file in found.sorted() where seen.insert(file).inserted { result.files.append(file) }
        }
        return result
    }

    static func isExcluded(_ path: String, _ excludes: [Glob]) -> Bool {
        excludes.contains { $0.matches(path) }
    }
}

/// A path that could not be linted at all (missing, unreadable). Exit code 2.
public struct LintError: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
