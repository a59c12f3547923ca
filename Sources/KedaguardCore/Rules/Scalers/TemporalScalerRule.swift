/// temporal: `temporalMetadata.Validate()`, which grew with each release.
public struct TemporalScalerRule: ScalerRule {
    public static let id = "scaler-temporal"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["temporal"]
    public var summary: String { "A temporal trigger with values or combinations its Validate() rejects." }
    public var explanation: String {
        """
        targetQueueSize must not be negative (KEDA 2.17: greater than 0), activationTargetQueueSize \
        and minConnectTimeout not negative, and cert and key come together. From KEDA 2.20 \
        workerDeploymentName and workerDeploymentBuildId go together and cannot be combined with \
        buildId, selectAllActive or selectUnversioned. On KEDA main workflowTaskQueueForCount needs \
        includeRunningWorkflowCount: true, which restricts taskQueue and the deployment names to \
        letters, digits and - _ . / :.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings: [Finding] = []
        if let v = input.value("targetQueueSize"), let n = Int64(v.text) {
            if input.atLeast(.v2_18_0) ? n < 0 : n <= 0 {
                findings.append(input.at(v.located, input.atLeast(.v2_18_0) ? "targetQueueSize must not be negative" : "targetQueueSize must be greater than 0"))
            }
        }
        for name in ["activationTargetQueueSize", "minConnectTimeout"] {
            if let v = input.value(name), let n = Int64(v.text), n < 0 {
                findings.append(input.at(v.located, "\(name) must not be negative"))
            }
        }
        let cert = input.isSet("cert"), key = input.isSet("key")
        if cert == .yes && key == .no || cert == .no && key == .yes {
            findings.append(input.aboutAuthentication("cert and key go together; the TriggerAuthentication supplies only \(cert == .yes ? "cert" : "key")"))
        }
        let scaler = input.parameters.scaler
        if scaler.parameter(named: "workerDeploymentName") != nil {
            let name = input.isSet("workerDeploymentName"), build = input.isSet("workerDeploymentBuildId")
            if name == .yes && build == .no || name == .no && build == .yes {
                findings.append(input.about(name == .yes ? "workerDeploymentName" : "workerDeploymentBuildId", "workerDeploymentName and workerDeploymentBuildId must be set together"))
            }
            if name == .yes {
                let legacy = (input.isSet("buildId") == .yes ? ["buildId"] : [])
                    + ["selectAllActive", "selectUnversioned"].filter { input.bool($0) == true }
                if !legacy.isEmpty {
                    findings.append(input.about("workerDeploymentName", "workerDeploymentName cannot be combined with \(legacy.joined(separator: ", ")); use one versioning scheme"))
                }
            }
        }
        if scaler.parameter(named: "includeRunningWorkflowCount") != nil {
            let include = input.bool("includeRunningWorkflowCount")
            if include == false, let v = input.value("workflowTaskQueueForCount") {
                findings.append(input.at(v.located, "workflowTaskQueueForCount has no effect unless includeRunningWorkflowCount is true; KEDA rejects it"))
            }
            if include == true {
                for name in ["taskQueue", "workflowTaskQueueForCount", "workerDeploymentName", "workerDeploymentBuildId"] {
                    if let v = input.value(name), !Self.isVisibilityLiteral(v.text) {
                        findings.append(input.at(v.located, "\(name) \"\(v.text)\" may only contain letters, digits and - _ . / : when includeRunningWorkflowCount is true"))
                    }
                }
            }
        }
        return findings
    }

    static func isVisibilityLiteral(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { c in
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || "-_./:".unicodeScalars.contains(c)
        }
    }
}
