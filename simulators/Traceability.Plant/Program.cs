using Traceability.Plant;

return await PlantCommand.InvokeAsync(args, Console.Out, Console.Error, CancellationToken.None);
