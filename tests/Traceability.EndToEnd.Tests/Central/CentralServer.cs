using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Traceability.EndToEnd.Tests.Central;

/// <summary>
/// central-api in memory over a SQLite file that outlives it: dispose one and start another on the same file to take
/// central down and bring it back. Keys: one per line in <see cref="Lines"/>.
/// </summary>
public sealed class CentralServer(string databasePath) : WebApplicationFactory<Program>
{
    public static readonly string[] Lines = ["line-1", "line-2"];

    /// <summary>The planners' key (role Admin): work orders, products.</summary>
    public const string AdminKey = "admin-key-0123456789abcdef";

    public static string LineKey(string lineId) => $"line-key-{lineId}-0123456789";

    /// <summary>The events central stored for a line, by sequence.</summary>
    public static List<(long Sequence, string EventId)> StoredEvents(string databasePath, string lineId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, event_id FROM events WHERE line_id = $line ORDER BY sequence;";
        command.Parameters.AddWithValue("$line", lineId);
        using var reader = command.ExecuteReader();
        var events = new List<(long, string)>();
        while (reader.Read())
        {
            events.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return events;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Provider", "Sqlite");
        builder.UseSetting("Storage:ConnectionString", new SqliteConnectionStringBuilder { DataSource = databasePath }.ToString());
        for (var i = 0; i < Lines.Length; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Auth:ApiKeys:{i}:");
            builder.UseSetting(prefix + "Key", LineKey(Lines[i]));
            builder.UseSetting(prefix + "Role", "Line");
            builder.UseSetting(prefix + "Id", Lines[i]);
        }

        var admin = string.Create(CultureInfo.InvariantCulture, $"Auth:ApiKeys:{Lines.Length}:");
        builder.UseSetting(admin + "Key", AdminKey);
        builder.UseSetting(admin + "Role", "Admin");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
        }
    }
}
