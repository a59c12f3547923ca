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
            var found: [String] = []
            guard walk(path, excludes: excludes, into: &found) else {
                result.errors.append(LintError(path: path, message: "cannot read the directory"))
                continue
            }
            for file in found.sorted() where seen.insert(file).inserted { result.files.append(file) }
        }
        return result
    }

    /// Collects the lintable files under `directory` with readdir(3): the file type comes with
    /// each entry, so a CI run over a large repository makes no stat call per file. Symbolic
    /// links are not followed into directories. False if `directory` cannot be opened.
    private static func walk(_ directory: String, excludes: [Glob], into found: inout [String]) -> Bool {
        guard let dir = opendir(directory) else { return false }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let full = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var isDirectory = Int32(entry.pointee.d_type) == Int32(DT_DIR)
            if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
                // Some file systems do not fill d_type.
                var info = stat()
                isDirectory = lstat(full, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            if isExcluded(full, excludes) { continue }
            if isDirectory {
                // Hidden directories (.git, .github) hold no manifests to lint.
                if name.hasPrefix(".") { continue }
                // An unreadable subdirectory is skipped, as the directory listing itself would.
                _ = walk(full, excludes: excludes, into: &found)
                continue
            }
            guard let dot = name.lastIndex(of: "."), dot != name.startIndex,
                  extensions.contains(name[name.index(after: dot)...].lowercased()) else { continue }
            found.append(full)
        }
        return true
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
