fn main() -> std::process::ExitCode {
    tsunagu::cli::main()
}
