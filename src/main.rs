// Builds allocate and free millions of small strings across threads (pages, cards,
// tokens); with glibc's allocator a fifth of a 100,000-entry build was malloc and free,
// and more the larger the heap grew.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    tsunagu::cli::main()
}
