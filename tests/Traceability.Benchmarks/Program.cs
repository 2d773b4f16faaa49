using BenchmarkDotNet.Running;

// A benchmark type, not Program: the central-api reference brings its own global Program class.
BenchmarkSwitcher.FromAssembly(typeof(Traceability.Benchmarks.PercentileColumn).Assembly).Run(args);
