using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Frugal.Core.Batching;

namespace Frugal.Cli.Commands;

/// <summary>
/// <c>frugal batch submit FILE.jsonl [--wait] [--endpoint E] | list | status ID | results ID [--output F] | cancel ID</c>:
/// an HTTP client of a running gateway's Files + Batches API (<c>--url</c>, default http://127.0.0.1:8080; key from
/// <c>--key</c> or FRUGAL_API_KEY). All parsing is in <see cref="Parse"/>, so the command can be re-wired as it is.
/// </summary>
public static class BatchCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8080";
    private static readonly TimeSpan WaitPoll = TimeSpan.FromSeconds(1);

    /// <summary>The <c>frugal batch …</c> commands for <see cref="CommandTree"/>.</summary>
    public static Command Create()
    {
        // Fresh options per command: a symbol belongs to the command it is added to.
        static Symbol[] Client(params Symbol[] own) =>
            [.. own, CliOptions.Text("url", "URL", "The gateway's address.", DefaultUrl), CliOptions.Text("key", "KEY", "A virtual key (default: $FRUGAL_API_KEY).")];

        return CliOptions.Group("batch", "Batch jobs through a running gateway: half price where the provider has a batch API.",
            CliOptions.Leaf("submit", "Upload a JSONL file of requests and create a batch job.", RunAsync,
                Client(
                    CliOptions.Argument("file", "FILE.jsonl: one request per line, OpenAI's batch input format."),
                    CliOptions.Flag("wait", "Wait for the job to end, with a progress bar, then print its status."),
                    CliOptions.Text("endpoint", "ENDPOINT", "/v1/chat/completions or /v1/embeddings (default: the lines' url)."))),
            CliOptions.Leaf("list", "The key's batch jobs, newest first.", RunAsync, Client()),
            CliOptions.Leaf("status", "One batch job: status and line counts.", RunAsync, Client(CliOptions.Argument("id", "The batch id."))),
            CliOptions.Leaf("results", "Print (or save) the output and error lines of a finished job.", RunAsync,
                Client(CliOptions.Argument("id", "The batch id."), CliOptions.Text("output", "FILE", "Write the lines to FILE instead of stdout."))),
            CliOptions.Leaf("cancel", "Cancel a batch job; lines not finished end as cancelled.", RunAsync, Client(CliOptions.Argument("id", "The batch id."))));
    }

    public static async Task<int> RunAsync(ParsedArgs args)
    {
        var options = Parse(args);
        using var http = new HttpClient { BaseAddress = new Uri(options.Url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(10) };
        if (options.Key is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return options.Verb switch
        {
            "submit" => await SubmitAsync(http, options),
            "list" => await ListAsync(http),
            "status" => await StatusAsync(http, options.Id!),
            "results" => await ResultsAsync(http, options.Id!, options.Output),
            "cancel" => await CancelAsync(http, options.Id!),
            _ => throw new CliException("Usage: frugal batch submit FILE.jsonl [--wait] [--endpoint E] | list | status ID | results ID [--output F] | cancel ID"),
        };
    }

    /// <summary>The whole command line of <c>frugal batch</c>, read and checked in one place.</summary>
    public static BatchOptions Parse(ParsedArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var verb = args.Positionals.Count > 1 ? args.Positionals[1] : null;
        var argument = args.Positionals.Count > 2 ? args.Positionals[2] : null;
        var options = new BatchOptions(
            verb,
            verb == "submit" ? argument : null,
            verb is "status" or "results" or "cancel" ? argument : null,
            args.Option("url") ?? DefaultUrl,
            args.Option("key") ?? Environment.GetEnvironmentVariable("FRUGAL_API_KEY"),
            args.Option("endpoint"),
            args.Option("output"),
            args.Flag("wait"));
        args.EnsureAllRead();
        if (verb is "submit" && options.File is null)
        {
            throw new CliException("Usage: frugal batch submit FILE.jsonl [--wait] [--endpoint /v1/chat/completions|/v1/embeddings]");
        }

        if (verb is "status" or "results" or "cancel" && options.Id is null)
        {
            throw new CliException($"Usage: frugal batch {verb} BATCH_ID");
        }

        if (options.Endpoint is { } endpoint && !BatchEndpoints.IsSupported(endpoint))
        {
            throw new CliException($"--endpoint must be {BatchEndpoints.ChatCompletions} or {BatchEndpoints.Embeddings}.");
        }

        return options;
    }

    private static async Task<int> SubmitAsync(HttpClient http, BatchOptions options)
    {
        var path = options.File!;
        if (!File.Exists(path))
        {
            throw new CliException($"No file at {path}.");
        }

        var endpoint = options.Endpoint ?? await FirstUrlAsync(path) ?? BatchEndpoints.ChatCompletions;
        string fileId;
        await using (var stream = File.OpenRead(path))
        {
            using var form = new MultipartFormDataContent();
            form.Add(new StringContent("batch"), "purpose");
            var content = new StreamContent(stream);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
            form.Add(content, "file", Path.GetFileName(path));
            using var uploaded = await http.PostAsync("v1/files", form);
            fileId = (await ReadAsync(uploaded)).GetProperty("id").GetString()!;
        }

        var body = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("input_file_id", fileId);
            writer.WriteString("endpoint", endpoint);
            writer.WriteString("completion_window", "24h");
            writer.WriteEndObject();
        }

        using var json = new ByteArrayContent(body.WrittenSpan.ToArray());
        json.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var created = await http.PostAsync("v1/batches", json);
        var batch = await ReadAsync(created);
        var id = batch.GetProperty("id").GetString()!;
        Console.WriteLine(id);
        if (!options.Wait)
        {
            return 0;
        }

        var bar = new BatchProgressBar(Console.Error, Console.IsErrorRedirected);
        while (!BatchStatus.HasEnded(batch.GetProperty("status").GetString()!))
        {
            bar.Show(batch);
            await Task.Delay(WaitPoll);
            using var polled = await http.GetAsync("v1/batches/" + id);
            batch = await ReadAsync(polled);
        }

        bar.Show(batch);
        bar.End();
        PrintStatus(batch);
        return batch.GetProperty("status").GetString() == BatchStatus.Completed ? 0 : 1;
    }

    private static async Task<int> ListAsync(HttpClient http)
    {
        using var response = await http.GetAsync("v1/batches?limit=100");
        var page = await ReadAsync(response);
        Console.WriteLine($"{"ID",-32} {"STATUS",-12} {"ENDPOINT",-22} {"DONE",-13} {"CREATED (UTC)",-19}");
        foreach (var batch in page.GetProperty("data").EnumerateArray())
        {
            var counts = batch.GetProperty("request_counts");
            var done = string.Create(CultureInfo.InvariantCulture, $"{counts.GetProperty("completed").GetInt32() + counts.GetProperty("failed").GetInt32()}/{counts.GetProperty("total").GetInt32()}");
            var created = DateTimeOffset.FromUnixTimeSeconds(batch.GetProperty("created_at").GetInt64()).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            Console.WriteLine($"{batch.GetProperty("id").GetString(),-32} {batch.GetProperty("status").GetString(),-12} {batch.GetProperty("endpoint").GetString(),-22} {done,-13} {created}");
        }

        return 0;
    }

    private static async Task<int> StatusAsync(HttpClient http, string id)
    {
        using var response = await http.GetAsync("v1/batches/" + Uri.EscapeDataString(id));
        PrintStatus(await ReadAsync(response));
        return 0;
    }

    private static async Task<int> ResultsAsync(HttpClient http, string id, string? output)
    {
        using var response = await http.GetAsync("v1/batches/" + Uri.EscapeDataString(id));
        var batch = await ReadAsync(response);
        var files = new[] { batch.GetProperty("output_file_id"), batch.GetProperty("error_file_id") }
            .Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()!).ToList();
        if (files.Count == 0)
        {
            throw new CliException($"Batch {id} is {batch.GetProperty("status").GetString()} and has no results yet.");
        }

        await using var target = output is null ? null : new StreamWriter(File.Create(output), new UTF8Encoding(false));
        var writer = target ?? Console.Out;
        var buffer = new char[16 * 1024];
        foreach (var file in files)
        {
            using var content = await http.GetAsync($"v1/files/{file}/content", HttpCompletionOption.ResponseHeadersRead);
            if (!content.IsSuccessStatusCode)
            {
                await ReadAsync(content);
            }

            using var reader = new StreamReader(await content.Content.ReadAsStreamAsync(), Encoding.UTF8);
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, read));
            }
        }

        await writer.FlushAsync();

        if (output is not null)
        {
            Console.Error.WriteLine($"wrote the output and error lines of {id} to {output}");
        }

        return 0;
    }

    private static async Task<int> CancelAsync(HttpClient http, string id)
    {
        using var response = await http.PostAsync($"v1/batches/{Uri.EscapeDataString(id)}/cancel", null);
        PrintStatus(await ReadAsync(response));
        return 0;
    }

    private static void PrintStatus(JsonElement batch)
    {
        var counts = batch.GetProperty("request_counts");
        Console.WriteLine($"id:        {batch.GetProperty("id").GetString()}");
        Console.WriteLine($"status:    {batch.GetProperty("status").GetString()}");
        Console.WriteLine($"endpoint:  {batch.GetProperty("endpoint").GetString()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"requests:  {counts.GetProperty("completed").GetInt32()} completed, {counts.GetProperty("failed").GetInt32()} failed, {counts.GetProperty("total").GetInt32()} total"));
        if (batch.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("frugal_execution", out var execution))
        {
            Console.WriteLine($"execution: {execution.GetString()}");
        }

        Console.WriteLine($"output:    {Text(batch.GetProperty("output_file_id"))}");
        Console.WriteLine($"errors:    {Text(batch.GetProperty("error_file_id"))}");
    }

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : "-";

    /// <summary>The url of the file's first request line, so --endpoint is only needed for an unusual file.</summary>
    private static async Task<string?> FirstUrlAsync(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                return BatchLineFields.Read(Encoding.UTF8.GetBytes(line)).Url;
            }
        }

        return null;
    }

    /// <summary>The JSON body of a success; an OpenAI error body becomes the CLI's error message.</summary>
    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode)
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }

        string message;
        try
        {
            message = JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("message").GetString() ?? text;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            message = text;
        }

        throw new CliException(string.Create(CultureInfo.InvariantCulture, $"The gateway answered {(int)response.StatusCode}: {message}"));
    }
}
