/// The structural schema of (Cluster)CloudEventSource, written by hand after KEDA's CRD
/// (eventing.keda.sh v1alpha1): the compiled-in CRD tables do not cover the eventing group.
/// Event type values are checked by cloudeventsource-event-types, not here.
enum CloudEventSourceSchema {
    static let eventTypes: [String] = [
        "keda.scaledobject.ready.v1", "keda.scaledobject.failed.v1", "keda.scaledobject.removed.v1",
        "keda.scaledobject.paused.v1", "keda.scaledobject.unpaused.v1",
        "keda.scaledjob.ready.v1", "keda.scaledjob.failed.v1", "keda.scaledjob.removed.v1",
        "keda.scaledjob.paused.v1", "keda.scaledjob.unpaused.v1",
        "keda.scaledjob.rolloutcleanup.started.v1", "keda.scaledjob.rolloutcleanup.completed.v1",
        "keda.scaledjob.rolloutcleanup.failed.v1",
        "keda.authentication.triggerauthentication.created.v1", "keda.authentication.triggerauthentication.updated.v1",
        "keda.authentication.triggerauthentication.removed.v1",
        "keda.authentication.clustertriggerauthentication.created.v1",
        "keda.authentication.clustertriggerauthentication.updated.v1",
        "keda.authentication.clustertriggerauthentication.removed.v1",
    ]

    static let json = #"""
    {"t":"object","req":["spec"],"props":{
      "apiVersion":{"t":"string"},"kind":{"t":"string"},"metadata":{"t":"object"},
      "status":{"t":"object","pu":true},
      "spec":{"t":"object","req":["destination"],"props":{
        "clusterName":{"t":"string"},
        "authenticationRef":{"t":"object","req":["name"],"props":{
          "name":{"t":"string"},
          "kind":{"t":"string","enum":["TriggerAuthentication","ClusterTriggerAuthentication"]}}},
        "destination":{"t":"object","props":{
          "http":{"t":"object","req":["uri"],"props":{"uri":{"t":"string"}}},
          "azureEventGridTopic":{"t":"object","req":["endpoint"],"props":{"endpoint":{"t":"string"}}}}},
        "eventSubscription":{"t":"object","props":{
          "includedEventTypes":{"t":"array","items":{"t":"string"}},
          "excludedEventTypes":{"t":"array","items":{"t":"string"}}}}}}}}
    """#

    static let schema: StructuralSchema = StructuralSchema(node: JSONParser.parse(json).documents.first?.root ?? .null)
}
