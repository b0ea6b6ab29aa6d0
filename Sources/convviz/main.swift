import ConvVizCLI

#if os(Linux)
// Figures allocate and free large image buffers frame after frame. glibc hands such blocks back to
// the kernel at once, so every frame faults them in again; these two settings keep freed memory
// in the process for reuse. (mallopt is glibc's; its header is not in Swift's Glibc module.)
@_silgen_name("mallopt") func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
let M_TRIM_THRESHOLD: Int32 = -1, M_MMAP_THRESHOLD: Int32 = -3
_ = mallopt(M_MMAP_THRESHOLD, 256 << 20)
_ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
#endif

ConvViz.runMain()
