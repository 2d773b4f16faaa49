using Traceability.CentralApi;

var builder = WebApplication.CreateBuilder(args);
builder.AddCentralApi();
var app = builder.Build();
app.MapCentralApi();
app.Run();

/// <summary>The entry point; public so that tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
