#pragma once
// The relay's Fetcher (relay/fetch.hpp) on eoc's one outbound HTTP client (net/http_client.hpp):
// a conditional GET (If-None-Match / If-Modified-Since exactly as the last 200 sent them), redirects
// followed (at most kMaxRedirects, never on a 304), the body refused past the request's byte limit,
// and one deadline for the whole exchange including redirects.
#include <memory>

#include "net/http_client.hpp"
#include "relay/fetch.hpp"

namespace eoc::service {

class RelayFetcher final : public relay::Fetcher {
 public:
  static constexpr int kMaxRedirects = 5;

  // `client` answers at most its maxResponseBytes: make it at least the largest request limit.
  explicit RelayFetcher(std::shared_ptr<net::HttpClient> client);
  void fetch(const relay::FetchRequest& request, std::function<void(relay::FetchResponse)> done) override;

 private:
  std::shared_ptr<net::HttpClient> client_;
};

}  // namespace eoc::service
