/// KEDA's shared HTTP authentication block (`authentication.Config`, used by prometheus,
/// metrics-api and a few others): each mode listed in `authModes` needs its parameters.
enum HTTPAuthModes {
    /// Parameters each mode needs, by KEDA release.
    static func requirements(_ input: ScalerInput) -> [(mode: String, parameters: [String])] {
        var oauth = ["oauthTokenURI", "clientID"]
        if !input.atLeast(.v2_20_2) { oauth.append("clientSecret") }
        var out: [(String, [String])] = [
            ("bearer", ["bearerToken"]),
            ("basic", ["username"]),
            ("tls", ["cert", "key"]),
            ("oauth", oauth),
            ("custom", ["customAuthHeader", "customAuthValue"]),
        ]
        if input.atLeast(.v2_18_0) { out.append(("apiKey", ["apiKey"])) }
        return out
    }

    /// The modes written in `authModes` (nil when the value cannot be seen).
    static func modes(_ input: ScalerInput) -> [String]? {
        switch input.seen("authModes") {
        case .value(let text, _):
            return text.split(separator: ",").map { ScalerInput.trim(String($0)) }.filter { !$0.isEmpty }
        case .absent: return []
        case .supplied, .unknown: return nil
        }
    }

    static func check(_ input: ScalerInput) -> [Finding] {
        guard let modes = modes(input), !modes.isEmpty else { return [] }
        var findings: [Finding] = []
        for (mode, parameters) in requirements(input) where modes.contains(mode) {
            let missing = parameters.filter { input.isSet($0) == .no }
            guard !missing.isEmpty else { continue }
            let names = missing.map { "\"\($0)\"" }.joined(separator: " and ")
            findings.append(input.about("authModes", "authModes enables \(mode) but \(names) \(missing.count == 1 ? "is" : "are") not supplied; add \(missing.count == 1 ? "it" : "them") to the TriggerAuthentication (authModes: \(mode) needs \(parameters.joined(separator: ", ")))"))
        }
        return findings
    }
}
