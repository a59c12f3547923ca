public enum KedaguardVersion {
    public static let current = "0.1.0"
}
