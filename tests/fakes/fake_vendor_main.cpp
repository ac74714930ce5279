// eoc-fake-vendor: one vendor fake as a process, for benchmarks and people trying eoc by hand.
//   eoc-fake-vendor --kind wecom|dingtalk|feishu|sms|ebd [--port N] [--dir DIR] [--plain]
//                   [--key K] [--secret S] [--sign-name NAME] [--template CODE=TEXT]...
// Prints one JSON line {"url": …, "ca": …} (the CA to trust, made in DIR, unless --plain) and
// serves until SIGINT/SIGTERM; then prints what it accepted.
#include <signal.h>

#include <cstring>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "aliyun_sms_fake.hpp"
#include "dingtalk_fake.hpp"
#include "ebd_fake.hpp"
#include "feishu_fake.hpp"
#include "test_pki.hpp"
#include "wecom_fake.hpp"

int main(int argc, char** argv) {
  using namespace eoc::fakes;
  std::string kind, key = "fake-key", secret, signName = "沙依巴克区应急管理局", dir = "/tmp/eoc-fake-vendor";
  std::vector<std::pair<std::string, std::string>> templates;
  int port = 0;
  bool plain = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--kind") kind = value();
    else if (a == "--port") port = std::stoi(value());
    else if (a == "--dir") dir = value();
    else if (a == "--plain") plain = true;
    else if (a == "--key") key = value();
    else if (a == "--secret") secret = value();
    else if (a == "--sign-name") signName = value();
    else if (a == "--template") {
      std::string t = value();
      const size_t eq = t.find('=');
      if (eq == std::string::npos) {
        std::cerr << "--template CODE=TEXT\n";
        return 2;
      }
      templates.emplace_back(t.substr(0, eq), t.substr(eq + 1));
    } else {
      std::cerr << "usage: eoc-fake-vendor --kind wecom|dingtalk|feishu|sms|ebd [--port N] [--dir DIR] [--plain] "
                   "[--key K] [--secret S] [--sign-name NAME] [--template CODE=TEXT]...\n";
      return 2;
    }
  }
  std::optional<TlsFiles> tls;
  std::string ca;
  if (!plain) {
    auto pki = makeTestPki(dir, {"127.0.0.1", "localhost"}, "fake-" + kind);
    tls = TlsFiles{pki.serverCert, pki.serverKey};
    ca = pki.caCert.string();
  }
  // Signals are taken by sigwait below, not by a handler.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::unique_ptr<VendorFake> fake;
  std::string url;
  std::function<nlohmann::json()> summary;
  if (kind == "wecom") {
    auto f = std::make_unique<WeComFake>(key, tls);
    f->start(port);
    url = f->robotUrl();
    summary = [p = f.get()] {
      // The texts too: a browser test follows the acknowledgement link a message carried.
      nlohmann::json texts = nlohmann::json::array();
      for (const auto& m : p->accepted()) texts.push_back(m.content);
      return nlohmann::json{{"accepted", p->accepted().size()}, {"answers", p->answeredCodes()}, {"texts", texts}};
    };
    fake = std::move(f);
  } else if (kind == "dingtalk") {
    auto f = std::make_unique<DingTalkFake>(key, secret, tls);
    f->start(port);
    url = f->robotUrl();
    summary = [p = f.get()] { return nlohmann::json{{"accepted", p->accepted().size()}, {"answers", p->answeredCodes()}}; };
    fake = std::move(f);
  } else if (kind == "feishu") {
    auto f = std::make_unique<FeishuFake>(key, secret, tls);
    f->start(port);
    url = f->hookUrl();
    summary = [p = f.get()] { return nlohmann::json{{"accepted", p->accepted().size()}, {"answers", p->answeredCodes()}}; };
    fake = std::move(f);
  } else if (kind == "sms") {
    auto f = std::make_unique<AliyunSmsFake>(key, secret.empty() ? "fake-secret" : secret, tls);
    f->approveSignature(signName);
    for (const auto& [code, text] : templates) f->approveTemplate(code, text);
    f->start(port);
    url = f->endpoint();
    summary = [p = f.get()] { return nlohmann::json{{"sent", p->sent().size()}, {"answers", p->answeredCodes()}}; };
    fake = std::move(f);
  } else if (kind == "ebd") {
    auto f = std::make_unique<EbdFake>(key, "", tls);
    f->start(port);
    url = f->endpoint();
    summary = [p = f.get()] { return nlohmann::json{{"accepted", p->accepted().size()}, {"answers", p->answeredCodes()}}; };
    fake = std::move(f);
  } else {
    std::cerr << "unknown --kind " << kind << "\n";
    return 2;
  }
  std::cout << nlohmann::json{{"kind", kind}, {"url", url}, {"ca", ca}}.dump() << std::endl;
  int received = 0;
  sigwait(&signals, &received);
  fake->stop();
  std::cout << summary().dump() << std::endl;
  return 0;
}
