package vn.communeradio.gateway.console;

/** Where a console command writes its output, line by line, as it happens. */
public interface Reply {

    void line(String text);
}
