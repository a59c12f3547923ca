import KedaguardCore
import Testing

/// Parameter lookup as KEDA's configParamValue does it, and the facts it reads from other objects.
struct TriggerParametersTests {
    private func object(_ yaml: String) throws -> KubeObject {
        let parsed = YAMLParser.parse(yaml)
        return try #require(parsed.documents.first?.root.flatMap { KubeObject(node: $0) })
    }

    private func trigger(_ metadata: String) throws -> TriggerView {
        let so = try object("""
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: x}
        spec:
          scaleTargetRef: {name: x}
          triggers:
            - type: test
              metadata:
        \(metadata)
        """)
        return try #require(ScalableView(so).triggers.first)
    }

    @Test func sourcesInOrderNamesInOrderFirstNonBlankWins() throws {
        let t = try trigger("""
                  authMode: "  "
                  authModes: |
                    basic
                  tokenFromEnv: TOKEN
        """)
        let p = TriggerParameters.presence(names: ["authModes", "authMode"], sources: [.metadata], metadata: t.metadata, authentication: nil)
        guard case .metadata(let key, let value, _) = p else { Issue.record("expected metadata, got \(p)"); return }
        #expect(key == "authModes" && value == "basic")
        // The env source comes first here, so the metadata value is not what KEDA uses.
        let token = TriggerParameters.presence(names: ["token"], sources: [.environment, .metadata], metadata: t.metadata, authentication: nil)
        guard case .environment(let envKey, let envVar, _) = token else { Issue.record("expected env, got \(token)"); return }
        #expect(envKey == "tokenFromEnv" && envVar == "TOKEN")
        let blank = TriggerParameters.presence(names: ["authMode"], sources: [.metadata], metadata: t.metadata, authentication: nil)
        #expect(!blank.isPresent)
    }

    @Test func authenticationIsCheckedWhenVisibleAndAssumedWhenNot() throws {
        let t = try trigger("          host: h")
        let info = AuthenticationInfo(kind: .triggerAuthentication, namespace: "default", name: "a", parameters: ["password"])
        let found = TriggerParameters.presence(names: ["password"], sources: [.authentication], metadata: t.metadata, authentication: .found(info))
        #expect(found.isPresent)
        let lacking = TriggerParameters.presence(names: ["token"], sources: [.authentication], metadata: t.metadata, authentication: .found(info))
        #expect(!lacking.isPresent)
        let unseen = TriggerParameters.presence(names: ["token"], sources: [.authentication], metadata: t.metadata, authentication: .unknown(reason: "not in the files"))
        guard case .possiblyAuthentication = unseen else { Issue.record("expected possiblyAuthentication"); return }
        let noRef = TriggerParameters.presence(names: ["token"], sources: [.authentication], metadata: t.metadata, authentication: nil)
        #expect(!noRef.isPresent)
    }

    @Test func resolverAddsOAuth2AndAWSRoleParameters() throws {
        let ta = try object("""
        apiVersion: keda.sh/v1alpha1
        kind: TriggerAuthentication
        metadata: {name: oauth}
        spec:
          oauth2:
            type: clientCredentials
            clientId: keda
            tokenUrl: https://idp/token
            clientSecret: {valueFrom: {secretKeyRef: {name: s, key: k}}}
            scopes: [read]
          podIdentity:
            provider: aws
            identityOwner: workload
          secretTargetRef:
            - {parameter: host, name: s, key: host}
        """)
        let info = try #require(AuthenticationInfo(object: ta, namespace: "default"))
        #expect(info.parameters == ["host", "oauthTokenURI", "clientID", "clientSecret", "scopes", "awsRoleArn"])
        let plain = try object("""
        apiVersion: keda.sh/v1alpha1
        kind: ClusterTriggerAuthentication
        metadata: {name: plain}
        spec:
          podIdentity: {provider: aws}
        """)
        #expect(AuthenticationInfo(object: plain, namespace: "default")?.parameters.isEmpty == true)
    }

    @Test func envNamesWithoutValueReplayKEDAsResolution() throws {
        let container = try #require(YAMLParser.parse("""
        name: app
        env:
          - {name: LITERAL, value: x}
          - {name: FIELD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
          - {name: EMPTY, value: ""}
          - {name: SECRET, valueFrom: {secretKeyRef: {name: s, key: k}}}
          - {name: OVERWRITTEN, value: x}
          - {name: OVERWRITTEN, value: ""}
          - {name: KEPT, value: x}
          - {name: KEPT, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}
        """).documents.first?.root)
        let info = ContainerInfo(node: container)
        #expect(info.envNamesWithoutValue == ["FIELD", "EMPTY", "OVERWRITTEN"])
        #expect(info.envNames.count == 6)
    }

    @Test func listingShowsParametersAndRejectsNothingSilently() throws {
        let catalog = ScalerCatalog.forVersion(.v2_20_2)
        #expect(ScalerListing.typesText(catalog).contains("rabbitmq"))
        #expect(!ScalerListing.typesText(catalog).contains("external-mock"))
        let rabbit = try #require(catalog.scaler("rabbitmq"))
        let text = ScalerListing.scalerText(rabbit, catalog: catalog)
        #expect(text.contains("queueName") && text.contains("meta auth env"))
        let json = ScalerListing.scalerJSON(rabbit, catalog: catalog)
        let root = try #require(JSONParser.parse(json).documents.first?.root)
        let names = root["parameters"]?.sequenceValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(names.count == rabbit.parameters.count && names.contains("pageSize"))
    }
}
