Console.Error.WriteLine("plant run: not wired yet");
return 1;
