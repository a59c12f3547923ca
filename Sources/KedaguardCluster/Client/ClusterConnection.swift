import Foundation

/// Where and how to reach a kube-apiserver: a kubeconfig context or the in-cluster service
/// account, resolved to bytes and flags.
public struct ClusterConnection: Sendable {
    /// `https://host:port` plus an optional path prefix (some proxies serve the API under one).
    public var server: URL
    /// PEM trust roots; nil uses the system's.
    public var certificateAuthorityPEM: [UInt8]?
    /// PEM client certificate chain and key, for certificate authentication.
    public var clientCertificatePEM: [UInt8]?
    public var clientKeyPEM: [UInt8]?
    public var credentials: Credentials
    /// Only when the operator allowed it explicitly (`--insecure-skip-tls-verify`).
    public var insecureSkipTLSVerify: Bool
    /// Name to verify the server certificate against, when it differs from the URL's host
    /// (kubeconfig `tls-server-name`).
    public var tlsServerName: String?
    /// HTTP proxy (kubeconfig `proxy-url`), host and port.
    public var proxy: (host: String, port: Int)?
    /// Impersonation headers (kubeconfig `as`, `as-groups`, `as-uid`).
    public var impersonate: Impersonation?
    /// The namespace the context or service account is in (used when none is given).
    public var namespace: String?
    /// For messages: the context name, or "in-cluster".
    public var origin: String

    public init(server: URL, certificateAuthorityPEM: [UInt8]? = nil, clientCertificatePEM: [UInt8]? = nil,
                clientKeyPEM: [UInt8]? = nil, credentials: Credentials = .none, insecureSkipTLSVerify: Bool = false,
                tlsServerName: String? = nil, proxy: (host: String, port: Int)? = nil, impersonate: Impersonation? = nil,
                namespace: String? = nil, origin: String) {
        self.server = server
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
        self.credentials = credentials
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName
        self.proxy = proxy
        self.impersonate = impersonate
        self.namespace = namespace
        self.origin = origin
    }

    public enum Credentials: Sendable {
        case none
        case bearer(TokenSource)
        case basic(username: String, password: String)
    }

    public struct Impersonation: Sendable {
        public var user: String?
        public var uid: String?
        public var groups: [String]

        public init(user: String?, uid: String?, groups: [String]) {
            self.user = user
            self.uid = uid
            self.groups = groups
        }
    }
}

/// A bearer token, fixed or read from a file that is rotated underneath us (the projected
/// service-account token is replaced by the kubelet before it expires, typically hourly).
/// A file token is re-read once it is older than `refreshInterval` and whenever the API
/// server answers 401, as client-go does.
public final class TokenSource: @unchecked Sendable {
    public enum Origin: Sendable {
        case fixed(String)
        case file(String)
    }

    public let origin: Origin
    public let refreshInterval: Duration
    private let lock = NSLock()
    private var cached: String?
    private var readAt: ContinuousClock.Instant?

    public init(_ origin: Origin, refreshInterval: Duration = .seconds(60)) {
        self.origin = origin
        self.refreshInterval = refreshInterval
    }

    /// The current token; `reload` forces a fresh read of a file token.
    public func token(reload: Bool = false) throws -> String {
        switch origin {
        case .fixed(let token):
            return token
        case .file(let path):
            lock.lock()
            defer { lock.unlock() }
            let now = ContinuousClock.now
            if !reload, let cached, let readAt, now - readAt < refreshInterval { return cached }
            do {
                let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else { throw ClusterConfigError.invalid("the token file \(path) is empty") }
                cached = text
                readAt = now
                return text
            } catch let error as ClusterConfigError {
                throw error
            } catch {
                // Keep using the last token if the file is briefly missing during rotation.
                if let cached { return cached }
                throw ClusterConfigError.invalid("cannot read the token file \(path): \(error.localizedDescription)")
            }
        }
    }

    public var canReload: Bool {
        if case .file = origin { return true }
        return false
    }
}

/// Why a cluster connection could not be configured. Messages say what to do.
public enum ClusterConfigError: Error, CustomStringConvertible, Equatable {
    case notFound(String)
    case invalid(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .notFound(let s), .invalid(let s), .unsupported(let s): return s
        }
    }
}
