using Traceability.LineAgent.Host;

var builder = WebApplication.CreateBuilder(args);
builder.AddLineAgent();
var app = builder.Build();
app.MapLineAgent();
app.Run();

/// <summary>The entry point; public so that tests can host the agent with WebApplicationFactory.</summary>
public partial class Program;
