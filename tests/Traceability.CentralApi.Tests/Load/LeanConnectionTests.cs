using System.Text;
using Traceability.Benchmarks.Load;
using static Traceability.CentralApi.Tests.Load.ScriptedServer;

namespace Traceability.CentralApi.Tests.Load;

/// <summary>
/// The lean load client's reading of HTTP/1.1 answers (<see cref="LeanConnection"/>, compiled here from the benchmark
/// project), against a server that writes canned bytes: each way a body can be delimited, interim answers, closing and
/// keeping connections, and what it refuses.
/// </summary>
public sealed class LeanConnectionTests
{
    private static readonly byte[] Get = new LoadRequest("GET", "/probe", []).Encode("127.0.0.1");

    // The outcome the tests read back: the body as text.
    private static readonly Classifier Body = (_, body) => Encoding.ASCII.GetString(body);

    [Fact]
    public async Task A_content_length_body_is_read_and_the_connection_is_kept_for_the_next_request()
    {
        await using var server = new ScriptedServer(async peer =>
        {
            Assert.Equal("GET /probe HTTP/1.1", await peer.ReadRequestAsync());
            await peer.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello");
            await peer.ReadRequestAsync();
            await peer.WriteAsync("HTTP/1.1 409 Conflict\r\ncontent-length:  3 \r\n\r\nnot", pieceSize: 7);
        });
        using var connection = new LeanConnection(server.EndPoint);

        Assert.Equal((200, "hello"), await ExchangeAsync(connection));
        Assert.Equal((409, "not"), await ExchangeAsync(connection));
        await server.FinishAsync();
    }

    [Fact]
    public async Task A_chunked_body_is_joined_across_chunk_extensions_and_trailers_even_when_it_arrives_a_byte_at_a_time()
    {
        await using var server = new ScriptedServer(async peer =>
        {
            await peer.ReadRequestAsync();
            await peer.WriteAsync(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;name=value\r\nWiki\r\nA\r\npedia text\r\n0\r\nExpires: never\r\n\r\n",
                pieceSize: 1);
            await peer.ReadRequestAsync();
            await peer.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nnext\r\n0\r\n\r\n");
        });
        using var connection = new LeanConnection(server.EndPoint);

        Assert.Equal((200, "Wikipedia text"), await ExchangeAsync(connection));
        Assert.Equal((200, "next"), await ExchangeAsync(connection));
        await server.FinishAsync();
    }

    [Fact]
    public async Task An_interim_100_continue_is_skipped_for_the_answer_after_it()
    {
        await using var server = new ScriptedServer(async peer =>
        {
            await peer.ReadRequestAsync();
            await peer.WriteAsync("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok");
        });
        using var connection = new LeanConnection(server.EndPoint);

        Assert.Equal((201, "ok"), await ExchangeAsync(connection));
        await server.FinishAsync();
    }

    [Fact]
    public async Task A_204_without_a_length_has_no_body_and_keeps_the_connection()
    {
        await using var server = new ScriptedServer(async peer =>
        {
            await peer.ReadRequestAsync();
            await peer.WriteAsync("HTTP/1.1 204 No Content\r\n\r\n");
            await peer.ReadRequestAsync();
            await peer.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx");
        });
        using var connection = new LeanConnection(server.EndPoint);

        Assert.Equal((204, ""), await ExchangeAsync(connection));
        Assert.Equal((200, "x"), await ExchangeAsync(connection));
        await server.FinishAsync();
    }

    [Fact]
    public async Task Without_a_length_the_body_runs_to_the_close_and_the_next_request_opens_a_new_connection()
    {
        await using var server = new ScriptedServer(
            async peer =>
            {
                await peer.ReadRequestAsync();
                await peer.WriteAsync("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nto the end", pieceSize: 4);
            },
            async peer =>
            {
                await peer.ReadRequestAsync();
                await peer.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nnew");
            });
        using var connection = new LeanConnection(server.EndPoint);

        Assert.Equal((200, "to the end"), await ExchangeAsync(connection));
        Assert.Equal((200, "new"), await ExchangeAsync(connection));
        await server.FinishAsync();
    }

    [Fact]
    public async Task Connection_close_makes_the_next_request_open_a_new_connection()
    {
        await using var server = new ScriptedServer(
            async peer =>
            {
                await peer.ReadRequestAsync();
                await peer.WriteAsync("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 4\r\n\r\nbusy");
                await peer.ExpectCloseAsync();
            },
            async peer =>
            {
                await peer.ReadRequestAsync();
                await peer.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfree");
            });
        using var connection = new LeanConnection(server.EndPoint);

        Assert.Equal((503, "busy"), await ExchangeAsync(connection));
        Assert.Equal((200, "free"), await ExchangeAsync(connection));
        await server.FinishAsync();
    }

    [Fact]
    public async Task A_kept_connection_the_server_closed_while_idle_is_replaced_and_the_request_sent_again()
    {
        await using var server = new ScriptedServer(
            async peer =>
            {
                await peer.ReadRequestAsync();
                await peer.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
            },
            async peer =>
            {
                await peer.ReadRequestAsync();
                await peer.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond");
            });
        using var connection = new LeanConnection(server.EndPoint);

        Assert.Equal((200, "first"), await ExchangeAsync(connection));
        Assert.Equal((200, "second"), await ExchangeAsync(connection));
        await server.FinishAsync();
    }

    [Fact]
    public async Task A_connection_closed_in_the_middle_of_an_answer_fails_the_request()
    {
        await using var server = new ScriptedServer(async peer =>
        {
            await peer.ReadRequestAsync();
            await peer.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        });
        using var connection = new LeanConnection(server.EndPoint);

        var ex = await Assert.ThrowsAsync<IOException>(async () => await ExchangeAsync(connection));
        Assert.Contains("middle of an answer", ex.Message, StringComparison.Ordinal);
        await server.FinishAsync();
    }

    [Theory]
    [InlineData("HTTP/2 200 OK\r\n\r\n", "Not an HTTP/1.x status line: 'HTTP/2 200 OK'.")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n", "Not an HTTP/1.x status line: 'HTTP/1.1 2x0 OK'.")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "Not a Content-Length: '-1'.")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon\r\n\r\n", "Not a header field: 'no colon'.")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "Not a chunk size: 'zz'.")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcd\r\n", "A chunk does not end in CRLF.")]
    public async Task A_malformed_answer_is_refused_saying_what_is_wrong(string answer, string expected)
    {
        await using var server = new ScriptedServer(async peer =>
        {
            await peer.ReadRequestAsync();
            await peer.WriteAsync(answer);
        });
        using var connection = new LeanConnection(server.EndPoint);

        var ex = await Assert.ThrowsAsync<InvalidDataException>(async () => await ExchangeAsync(connection));
        Assert.Equal(expected, ex.Message);
        await server.FinishAsync();
    }

    // A guard against a client that waits for an answer the script will never write, not a measure of speed.
    private static async Task<(int Status, string? Body)> ExchangeAsync(LeanConnection connection) =>
        await connection.ExchangeAsync(Get, Body).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    [Fact]
    public void A_request_is_encoded_as_http_client_sends_it()
    {
        var request = new LoadRequest("POST", "/api/x?y=1", [new("Content-Type", "application/json")], "{}"u8.ToArray());

        Assert.Equal(
            "POST /api/x?y=1 HTTP/1.1\r\nHost: central:8080\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
            Encoding.UTF8.GetString(request.Encode("central:8080")));
    }
}
