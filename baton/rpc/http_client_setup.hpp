// SPDX-License-Identifier: MIT
#pragma once

// How Baton's HTTP clients (the JSON-RPC Transport and the GET client of the beacon API) set up a
// cpp-httplib client for an endpoint: one home, so the two never differ in timeouts or auth.
// Internal to rpc: it includes httplib.h, which no other module sees.

#include <baton/rpc/transport.hpp>

#include <httplib.h>

namespace baton::rpc {

// Timeouts from `options`, no keep-alive (a node restarted between calls must not leave a dead
// socket), and basic auth when the URL carried a user.
inline void setup_http_client(httplib::Client& http, const Endpoint& endpoint,
                              const TransportOptions& options) {
    http.set_connection_timeout(options.connect_timeout);
    http.set_read_timeout(options.read_timeout);
    http.set_write_timeout(options.write_timeout);
    http.set_keep_alive(false);
    if (!endpoint.user.empty()) http.set_basic_auth(endpoint.user, endpoint.password);
}

}  // namespace baton::rpc
