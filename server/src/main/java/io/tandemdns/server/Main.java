package io.tandemdns.server;
public final class Main { public static void main(String[] a) { System.out.println("stub"); } }
