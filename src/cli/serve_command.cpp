// presser serve --index DIR [--host 127.0.0.1] [--port 8080] [--threads N] [--timeout-ms 10000] [--token T] [--web DIR]
//               [--reload-poll-ms 1000] [--no-reload] [--watch DIR... [--watch-rescan-ms 2000] [--memory MB] [--max-segments 20]]
//               [--max-upload-mb 32]
#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <thread>

#include "analysis/deflection_lexicon.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "index/index.h"
#include "model/terminal_text.h"
#include "server/server.h"

namespace presser::cli {
namespace {

struct ServeArguments {
    std::string index;
    std::string web = PRESSER_WEB_DIR;
    std::uint64_t cache_mb = 64;
    server::ServerOptions options;
    bool no_reload = false;
    std::vector<std::string> watch;
    std::uint64_t memory_mb = 2048;
    std::uint64_t max_upload_mb = 32;
};

int run_serve(ServeArguments& args) {
    args.options.web_dir = args.web;
    args.options.cache_bytes = args.cache_mb << 20;
    args.options.reload = !args.no_reload;
    for (const auto& folder : args.watch) {
        std::error_code error;
        if (!std::filesystem::is_directory(folder, error)) {
            std::cerr << "presser serve: --watch " << terminal_safe(folder) << ": not a folder (give folders of transcripts)\n";
            return 2;
        }
        args.options.watch_folders.emplace_back(folder);
    }
    args.options.ingest_memory_bytes = args.memory_mb << 20;
    args.options.upload_max_bytes = args.max_upload_mb << 20;
    // Watched folders and uploads (with --token) are ingested as `index build` ingests them, answer signals included.
    if (!args.watch.empty() || !args.options.token.empty()) index::set_answer_signals(analysis::builtin_answer_signals());
    if (auto problem = server::check_options(args.options); !problem.empty()) {
        std::cerr << "presser serve: " << problem << "\n";
        return 2;
    }
    auto index = index::Index::open(args.index);
    if (!index) {
        std::cerr << "presser serve: " << terminal_safe(index.error().describe()) << "\n";
        return 1;
    }
    // SIGINT and SIGTERM are taken by a thread of their own (sigwait), so no handler runs inside httplib's
    // threads; every thread started from here on inherits the blocked mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    auto server = server::Server::create(index.value(), args.options);
    if (!server) {
        std::cerr << "presser serve: " << server.error().message << "\n";
        return 1;
    }
    auto& s = *server.value();
    std::cout << "presser: serving " << terminal_safe(args.index) << " (" << index->tokens() << " tokens, " << index->events() << " events) on http://"
              << (args.options.host.find(':') != std::string::npos ? "[" + args.options.host + "]" : args.options.host) << ":" << s.port()
              << std::endl;
    std::thread waiter([&] {
        int signal = 0;
        sigwait(&signals, &signal);
        s.stop();
    });
    const bool ok = s.run();
    // run() also ends when the socket fails; wake the waiter then.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    if (!ok) {
        std::cerr << "presser serve: the listening socket failed\n";
        return 1;
    }
    std::cout << "presser: stopped" << std::endl;
    return 0;
}

}  // namespace

std::function<int()> add_serve_command(CLI::App& app) {
    auto args = std::make_shared<ServeArguments>();
    CLI::App* command = app.add_subcommand("serve", "Serve the HTTP JSON API and the web UI (docs/api.md)");
    command->add_option("--index", args->index, "Index directory")->required();
    command->add_option("--host", args->options.host, "Address to listen on (other than loopback only with --token)")->capture_default_str();
    command->add_option("--port", args->options.port, "Port (0: any free port)")->capture_default_str();
    command->add_option("--threads", args->options.threads, "Requests computing at once (default: two per core)")->check(at_least(0));
    command->add_option("--timeout-ms", args->options.timeout_ms, "Time limit of a request (503 after it; export is exempt; 0: none)")
        ->capture_default_str()
        ->check(at_least(0));
    command->add_option("--slow-threads", args->options.slow_threads, "Long CQL requests computing at once (default: half of --threads, at least 1)")
        ->check(at_least(0));
    command->add_option("--slow-after-ms", args->options.slow_after_ms, "A CQL request computing longer moves to the slow lane")
        ->capture_default_str()
        ->check(at_least(0));
    command->add_option("--request-read-ms", args->options.request_read_ms, "A request must arrive whole within this of its first byte (slow clients are cut off)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    command->add_option("--token", args->options.token, "Require 'Authorization: Bearer TOKEN' (or ?token=) on /api");
    command->add_option("--cache-mb", args->cache_mb, "Memory for answers kept by URL (0: recompute every request)")->capture_default_str()->check(at_least(0));
    command->add_option("--web", args->web, "The built web UI (npm run build in web/)")->capture_default_str();
    command->add_option("--reload-poll-ms", args->options.reload_poll_ms,
                        "Serve each new commit of the index: look for one at least this often besides inotify (0: inotify only)")
        ->capture_default_str()
        ->check(at_least(0));
    command->add_flag("--no-reload", args->no_reload, "Serve the index as opened at startup, whatever is committed later");
    command->add_option("--watch", args->watch, "Folders whose new and changed transcripts are ingested while serving")->expected(1, -1);
    command->add_option("--watch-rescan-ms", args->options.watch_rescan_ms, "With --watch: rescan the folders at least this often besides inotify")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    command->add_option("--max-upload-mb", args->max_upload_mb, "With --token: the largest transcript POST /api/ingest takes")
        ->capture_default_str()
        ->check(at_least(1));
    command->add_option("--memory", args->memory_mb, "With --watch or uploads: memory budget in MB for segment building (as index build)")
        ->capture_default_str()
        ->check(at_least(1));
    command->add_option("--max-segments", args->options.max_segments, "With --watch: merge segments beyond this count (merge policy, docs/index-format.md)")
        ->capture_default_str()
        ->check(at_least(1));
    return [args] { return run_serve(*args); };
}

}  // namespace presser::cli
