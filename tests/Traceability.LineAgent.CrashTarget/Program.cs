Console.Error.WriteLine("usage: Traceability.LineAgent.CrashTarget <store-file> (run by the line store crash tests)");
return 1;
