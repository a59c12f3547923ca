import Foundation
import KedaguardCore

/// How to find the cluster: flags of `kedaguard audit` and `kedaguard serve`.
public struct ConnectionOptions: Sendable {
    /// `--kubeconfig`: one file that must exist.
    public var kubeconfig: String?
    /// `--context`: instead of the kubeconfig's current-context.
    public var context: String?
    /// `--insecure-skip-tls-verify`: allow a kubeconfig that turns certificate checks off.
    public var allowInsecure: Bool
    public var environment: [String: String]
    public var homeDirectory: String?
    public var inCluster: InClusterPaths

    public init(kubeconfig: String? = nil, context: String? = nil, allowInsecure: Bool = false,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                homeDirectory: String? = FileManager.default.homeDirectoryForCurrentUser.path,
                inCluster: InClusterPaths = .standard) {
        self.kubeconfig = kubeconfig
        self.context = context
        self.allowInsecure = allowInsecure
        self.environment = environment
        self.homeDirectory = homeDirectory
        self.inCluster = inCluster
    }
}

/// The service account files every pod gets.
public struct InClusterPaths: Sendable {
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public static let standard = InClusterPaths(directory: "/var/run/secrets/kubernetes.io/serviceaccount")

    var token: String { directory + "/token" }
    var certificateAuthority: String { directory + "/ca.crt" }
    var namespace: String { directory + "/namespace" }
}

extension ClusterConnection {
    /// Finds the cluster like kubectl: `--kubeconfig`, else the files in `KUBECONFIG` (merged,
    /// the first to define a name wins), else the in-cluster service account when
    /// `KUBERNETES_SERVICE_HOST` is set, else `~/.kube/config`.
    public static func resolve(_ options: ConnectionOptions) throws -> ClusterConnection {
        if let path = options.kubeconfig {
            guard FileManager.default.fileExists(atPath: path) else {
                throw ClusterConfigError.notFound("the kubeconfig file \(path) does not exist")
            }
            return try Kubeconfig(paths: [path]).connection(context: options.context, allowInsecure: options.allowInsecure)
        }
        if let list = options.environment["KUBECONFIG"], !list.isEmpty {
            let paths = list.split(separator: ":").map(String.init).filter { FileManager.default.fileExists(atPath: $0) }
            guard !paths.isEmpty else {
                throw ClusterConfigError.notFound("none of the files in KUBECONFIG (\(list)) exists")
            }
            return try Kubeconfig(paths: paths).connection(context: options.context, allowInsecure: options.allowInsecure)
        }
        if let host = options.environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty {
            return try inCluster(host: host, port: options.environment["KUBERNETES_SERVICE_PORT"], paths: options.inCluster)
        }
        if let home = options.homeDirectory {
            let path = home + "/.kube/config"
            if FileManager.default.fileExists(atPath: path) {
                return try Kubeconfig(paths: [path]).connection(context: options.context, allowInsecure: options.allowInsecure)
            }
        }
        throw ClusterConfigError.notFound("no cluster configured: pass --kubeconfig, set KUBECONFIG, or run in a pod with a service account")
    }

    /// The pod's service account: token (re-read as it rotates), cluster CA and namespace.
    public static func inCluster(host: String, port: String?, paths: InClusterPaths = .standard) throws -> ClusterConnection {
        let port = port.flatMap(Int.init) ?? 443
        // An IPv6 service address needs brackets in a URL.
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        guard let url = URL(string: "https://\(hostPart):\(port)") else {
            throw ClusterConfigError.invalid("KUBERNETES_SERVICE_HOST/PORT (\(host):\(port)) do not form a URL")
        }
        guard FileManager.default.fileExists(atPath: paths.token) else {
            throw ClusterConfigError.notFound("running in a cluster (KUBERNETES_SERVICE_HOST is set) but \(paths.token) is missing; mount the service account token (automountServiceAccountToken)")
        }
        guard let ca = FileManager.default.contents(atPath: paths.certificateAuthority) else {
            throw ClusterConfigError.notFound("running in a cluster but the cluster CA \(paths.certificateAuthority) is missing")
        }
        let namespace = (try? String(contentsOfFile: paths.namespace, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        let tokens = TokenSource(.file(paths.token))
        _ = try tokens.token()
        return ClusterConnection(server: url, certificateAuthorityPEM: [UInt8](ca), credentials: .bearer(tokens),
                                 namespace: namespace?.isEmpty == false ? namespace : nil, origin: "in-cluster")
    }
}

/// One or more kubeconfig files merged the way kubectl merges them.
public struct Kubeconfig: Sendable {
    /// An entry and the directory of the file it came from (relative paths resolve there).
    struct Entry: Sendable {
        var node: Node
        var directory: String
    }

    var clusters: [String: Entry] = [:]
    var users: [String: Entry] = [:]
    var contexts: [String: Entry] = [:]
    var currentContext: String?

    public init(paths: [String]) throws {
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ClusterConfigError.notFound("cannot read the kubeconfig file \(path)")
            }
            try merge(text: String(decoding: data, as: UTF8.self), file: path)
        }
    }

    public init(text: String, file: String) throws {
        try merge(text: text, file: file)
    }

    private mutating func merge(text: String, file: String) throws {
        let parsed = YAMLParser.parse(text)
        if let problem = parsed.problems.first {
            throw ClusterConfigError.invalid("\(file):\(problem.position.line):\(problem.position.column): \(problem.message)")
        }
        guard let root = parsed.documents.first?.root, !root.isNull else { return }
        guard root.isMapping else { throw ClusterConfigError.invalid("\(file) is not a kubeconfig (the document is not a mapping)") }
        let directory = (file as NSString).deletingLastPathComponent
        func collect(_ key: String, _ field: String, into map: inout [String: Entry]) throws {
            for item in root[key]?.sequenceValue ?? [] {
                guard let name = item["name"]?.stringValue else {
                    throw ClusterConfigError.invalid("\(file):\(item.position.line): an entry of \(key) has no name")
                }
                if map[name] == nil { map[name] = Entry(node: item[field] ?? .null, directory: directory) }
            }
        }
        try collect("clusters", "cluster", into: &clusters)
        try collect("users", "user", into: &users)
        try collect("contexts", "context", into: &contexts)
        if currentContext == nil, let current = root["current-context"]?.stringValue, !current.isEmpty {
            currentContext = current
        }
    }

    public func connection(context name: String? = nil, allowInsecure: Bool = false) throws -> ClusterConnection {
        guard let contextName = name ?? currentContext else {
            throw ClusterConfigError.invalid("the kubeconfig has no current-context; pass --context")
        }
        guard let context = contexts[contextName]?.node else {
            let known = contexts.keys.sorted().joined(separator: ", ")
            throw ClusterConfigError.notFound("context \"\(contextName)\" is not in the kubeconfig (contexts: \(known.isEmpty ? "none" : known))")
        }
        guard let clusterName = context["cluster"]?.stringValue, let cluster = clusters[clusterName] else {
            throw ClusterConfigError.notFound("context \"\(contextName)\" names cluster \"\(context["cluster"]?.stringValue ?? "")\", which is not in the kubeconfig")
        }
        let userName = context["user"]?.stringValue ?? ""
        let user = users[userName]
        if !userName.isEmpty, user == nil {
            throw ClusterConfigError.notFound("context \"\(contextName)\" names user \"\(userName)\", which is not in the kubeconfig")
        }

        let c = cluster.node
        guard let serverText = c["server"]?.stringValue, let server = URL(string: serverText), server.host != nil,
              let scheme = server.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
            throw ClusterConfigError.invalid("cluster \"\(clusterName)\" has no valid server URL (https://host:port)")
        }
        var connection = ClusterConnection(server: server, namespace: context["namespace"]?.stringValue, origin: "context \(contextName)")
        connection.certificateAuthorityPEM = try Self.bytes(c, data: "certificate-authority-data", file: "certificate-authority",
                                                            directory: cluster.directory, what: "cluster \"\(clusterName)\"")
        if Self.flag(c["insecure-skip-tls-verify"]) {
            guard allowInsecure else {
                throw ClusterConfigError.invalid("cluster \"\(clusterName)\" sets insecure-skip-tls-verify: kedaguard does not talk to an API server it cannot verify; add its CA (certificate-authority-data) or pass --insecure-skip-tls-verify to accept the risk")
            }
            if connection.certificateAuthorityPEM != nil {
                throw ClusterConfigError.invalid("cluster \"\(clusterName)\" sets both a certificate authority and insecure-skip-tls-verify; remove one")
            }
            connection.insecureSkipTLSVerify = true
        }
        if let name = c["tls-server-name"]?.stringValue, !name.isEmpty { connection.tlsServerName = name }
        if let proxy = c["proxy-url"]?.stringValue, !proxy.isEmpty {
            guard let url = URL(string: proxy), url.scheme?.lowercased() == "http", let host = url.host else {
                throw ClusterConfigError.unsupported("cluster \"\(clusterName)\" uses proxy-url \(proxy); only http:// proxies are supported")
            }
            connection.proxy = (host, url.port ?? 80)
        }

        if let user {
            try Self.applyUser(user, name: userName, to: &connection)
        }
        return connection
    }

    private static func applyUser(_ entry: Entry, name: String, to connection: inout ClusterConnection) throws {
        let u = entry.node
        if let exec = u["exec"], !exec.isNull {
            let command = exec["command"]?.stringValue ?? "a command"
            throw ClusterConfigError.unsupported("user \"\(name)\" gets credentials from an exec plugin (\(command)); kedaguard does not run credential plugins. Use a kubeconfig with a token or a client certificate, e.g. a service account token from `kubectl create token`")
        }
        if let provider = u["auth-provider"], !provider.isNull {
            throw ClusterConfigError.unsupported("user \"\(name)\" uses the auth-provider \(provider["name"]?.stringValue ?? "plugin"), which kedaguard does not support; use a token or a client certificate")
        }
        let what = "user \"\(name)\""
        connection.clientCertificatePEM = try bytes(u, data: "client-certificate-data", file: "client-certificate", directory: entry.directory, what: what)
        connection.clientKeyPEM = try bytes(u, data: "client-key-data", file: "client-key", directory: entry.directory, what: what)
        if (connection.clientCertificatePEM == nil) != (connection.clientKeyPEM == nil) {
            throw ClusterConfigError.invalid("\(what) has a client certificate without a key, or a key without a certificate")
        }
        if let token = u["token"]?.stringValue, !token.isEmpty {
            connection.credentials = .bearer(TokenSource(.fixed(token)))
        } else if let file = u["tokenFile"]?.stringValue, !file.isEmpty {
            let source = TokenSource(.file(resolve(file, in: entry.directory)))
            _ = try source.token()
            connection.credentials = .bearer(source)
        } else if let username = u["username"]?.stringValue, !username.isEmpty {
            connection.credentials = .basic(username: username, password: u["password"]?.stringValue ?? "")
        }
        let groups = (u["as-groups"]?.sequenceValue ?? []).compactMap(\.stringValue)
        let asUser = u["as"]?.stringValue, asUID = u["as-uid"]?.stringValue
        if asUser != nil || asUID != nil || !groups.isEmpty {
            connection.impersonate = .init(user: asUser, uid: asUID, groups: groups)
        }
    }

    static func flag(_ node: Node?) -> Bool {
        node?.boolValue ?? (node?.stringValue == "true")
    }

    private static func resolve(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") || directory.isEmpty ? path : directory + "/" + path
    }

    /// Inline base64 data, else a file; nil when neither is set.
    private static func bytes(_ node: Node, data: String, file: String, directory: String, what: String) throws -> [UInt8]? {
        if let text = node[data]?.stringValue, !text.isEmpty {
            guard let decoded = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
                throw ClusterConfigError.invalid("\(what): \(data) is not valid base64")
            }
            return [UInt8](decoded)
        }
        if let path = node[file]?.stringValue, !path.isEmpty {
            let full = resolve(path, in: directory)
            guard let contents = FileManager.default.contents(atPath: full) else {
                throw ClusterConfigError.notFound("\(what): cannot read \(file) \(full)")
            }
            return [UInt8](contents)
        }
        return nil
    }
}
