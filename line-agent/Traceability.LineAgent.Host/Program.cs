Console.Error.WriteLine("line-agent host: not wired yet");
return 1;
