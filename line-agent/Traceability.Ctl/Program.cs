using Traceability.Ctl;

return await TracectlApp.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
